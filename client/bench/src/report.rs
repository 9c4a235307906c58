//! What a run of each kind measured, and the Markdown table and JSON it is printed as.

use crate::{
	kinds::Kind,
	run::{Fate, Outcome},
};
use caduceus_runtime::{Runtime, MILLISECS_PER_BLOCK};
use frame_support::dispatch::DispatchClass;
use serde_json::{json, Value};
use std::{collections::BTreeMap, fmt::Write as _, time::Duration};

/// What the rates and fullness are measured against: the runtime's block time and the weight
/// normal-class extrinsics may fill.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
	/// The target block time, ms.
	pub block_time_ms: u64,
	/// The normal class's maximum block weight (`ref_time`, ps).
	pub max_normal_ref_time: u64,
}

impl Limits {
	/// This build's runtime's limits.
	pub fn of_runtime() -> Limits {
		let weights = <Runtime as frame_system::Config>::BlockWeights::get();
		let normal = weights.get(DispatchClass::Normal);
		let max = normal.max_total.unwrap_or(weights.max_block);
		Limits { block_time_ms: MILLISECS_PER_BLOCK, max_normal_ref_time: max.ref_time() }
	}
}

/// The 50th and 99th percentiles of a latency.
#[derive(Clone, Copy, Debug, Default)]
pub struct Percentiles {
	/// The median.
	pub p50: Option<Duration>,
	/// The 99th percentile.
	pub p99: Option<Duration>,
}

impl Percentiles {
	/// The percentiles of `samples` (nearest rank).
	pub fn of(mut samples: Vec<Duration>) -> Percentiles {
		samples.sort();
		let rank = |p: usize| -> Option<Duration> {
			let n = samples.len();
			(n > 0).then(|| samples[(n * p).div_ceil(100).clamp(1, n) - 1])
		};
		Percentiles { p50: rank(50), p99: rank(99) }
	}
}

/// What one kind's run measured.
#[derive(Clone, Debug)]
pub struct KindReport {
	/// The kind.
	pub kind: Kind,
	/// Extrinsics submitted.
	pub submitted: usize,
	/// Included and succeeded.
	pub succeeded: usize,
	/// Included and failed.
	pub failed: usize,
	/// Refused by the node at submission (and never included).
	pub rejected: usize,
	/// Accepted, but never included before the run ended.
	pub lost: usize,
	/// Blocks from the first including one to the last.
	pub blocks: usize,
	/// The numbers of the first and the last block that included any of them (for
	/// `benchmark block --from --to`).
	pub block_range: Option<(u32, u32)>,
	/// Succeeded extrinsics per second of block time over those blocks (plus one block time).
	pub rate: f64,
	/// `rate` over the transfers' rate of the same run, if transfers ran.
	pub ratio: Option<f64>,
	/// The most of this kind one block included.
	pub max_per_block: usize,
	/// The mean of this kind per block over those blocks.
	pub mean_per_block: f64,
	/// The mean share of the normal class's block weight those blocks used.
	pub mean_weight: f64,
	/// Submission to the import of the including block.
	pub inclusion: Percentiles,
	/// Submission to the finalization of the including block.
	pub finality: Percentiles,
	/// Why extrinsics failed, with how many.
	pub failures: BTreeMap<String, usize>,
	/// Why the node refused extrinsics, with how many.
	pub rejections: BTreeMap<String, usize>,
}

impl KindReport {
	/// Whether every extrinsic was included and succeeded.
	pub fn all_succeeded(&self) -> bool {
		self.succeeded == self.submitted && self.failed == 0 && self.rejected == 0 && self.lost == 0
	}
}

/// Summarises a run of `kind`.
pub fn summarise(kind: Kind, outcome: &Outcome, limits: &Limits) -> KindReport {
	let mut report = KindReport {
		kind,
		submitted: outcome.fates.len(),
		succeeded: 0,
		failed: 0,
		rejected: 0,
		lost: 0,
		blocks: 0,
		block_range: None,
		rate: 0.0,
		ratio: None,
		max_per_block: 0,
		mean_per_block: 0.0,
		mean_weight: 0.0,
		inclusion: Percentiles::of(latencies(&outcome.fates, |f| {
			f.included.as_ref().map(|i| i.imported)
		})),
		finality: Percentiles::of(latencies(&outcome.fates, |f| f.finalized)),
		failures: BTreeMap::new(),
		rejections: BTreeMap::new(),
	};
	count_fates(&mut report, &outcome.fates);
	measure_blocks(&mut report, outcome, limits);
	report
}

/// Counts each fate as succeeded, failed, rejected or lost.
fn count_fates(report: &mut KindReport, fates: &[Fate]) {
	for fate in fates {
		match (&fate.included, &fate.rejected) {
			(Some(inclusion), _) => match &inclusion.result {
				Ok(()) => report.succeeded += 1,
				Err(why) => {
					report.failed += 1;
					*report.failures.entry(why.clone()).or_default() += 1;
				},
			},
			(None, Some(why)) => {
				report.rejected += 1;
				*report.rejections.entry(why.clone()).or_default() += 1;
			},
			(None, None) => report.lost += 1,
		}
	}
}

/// Rate, per-block counts and fullness over the blocks from the first to the last including
/// one, by the blocks' own timestamps.
fn measure_blocks(report: &mut KindReport, outcome: &Outcome, limits: &Limits) {
	let including = || outcome.blocks.iter().filter(|b| !b.ours.is_empty());
	let (Some(first), Some(last)) = (including().next(), including().next_back()) else { return };
	let window: Vec<_> = outcome
		.blocks
		.iter()
		.filter(|b| (first.number..=last.number).contains(&b.number))
		.collect();
	let blocks = window.len().max(1) as f64;
	let span_ms = last.timestamp.saturating_sub(first.timestamp) + limits.block_time_ms;
	report.blocks = window.len();
	report.block_range = Some((first.number, last.number));
	report.rate = report.succeeded as f64 * 1000.0 / span_ms as f64;
	report.max_per_block = window.iter().map(|b| b.ours.len()).max().unwrap_or(0);
	report.mean_per_block = window.iter().map(|b| b.ours.len()).sum::<usize>() as f64 / blocks;
	let max = limits.max_normal_ref_time.max(1) as f64;
	report.mean_weight =
		window.iter().map(|b| b.normal_weight.ref_time() as f64 / max).sum::<f64>() / blocks;
}

/// Per fate with both instants, from submission to `until`.
fn latencies(fates: &[Fate], until: impl Fn(&Fate) -> Option<std::time::Instant>) -> Vec<Duration> {
	fates
		.iter()
		.filter_map(|fate| Some(until(fate)?.saturating_duration_since(fate.submitted?)))
		.collect()
}

/// The reports of one run, one per kind.
#[derive(Clone, Debug)]
pub struct Report {
	/// Per kind, in the order run.
	pub kinds: Vec<KindReport>,
}

impl Report {
	/// The run's reports, each kind's ratio to the transfers' rate filled in.
	pub fn new(mut kinds: Vec<KindReport>) -> Report {
		let reference = kinds.iter().find(|k| k.kind == Kind::Transfer).map(|k| k.rate);
		for kind in &mut kinds {
			kind.ratio = reference.filter(|r| *r > 0.0).map(|r| kind.rate / r);
		}
		Report { kinds }
	}

	/// The report of `kind`, if it ran.
	pub fn kind(&self, kind: Kind) -> Option<&KindReport> {
		self.kinds.iter().find(|k| k.kind == kind)
	}

	/// A Markdown table, one row per kind, then why any extrinsic failed or was refused.
	pub fn markdown(&self) -> String {
		let mut out = String::from(
			"| kind | sent | ok | failed | rejected | lost | blocks | rate (tx/s) | ratio | \
			 max/block | mean/block | weight | incl. p50 | incl. p99 | final p50 | final p99 |\n\
			 | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | \
			 ---: | ---: | ---: | ---: |\n",
		);
		for k in &self.kinds {
			let _ = writeln!(
				out,
				"| {} | {} | {} | {} | {} | {} | {} | {:.1} | {} | {} | {:.1} | {:.1} % | {} | {} | {} | {} |",
				k.kind,
				k.submitted,
				k.succeeded,
				k.failed,
				k.rejected,
				k.lost,
				k.blocks,
				k.rate,
				k.ratio.map_or("–".into(), |r| format!("{r:.2}")),
				k.max_per_block,
				k.mean_per_block,
				k.mean_weight * 100.0,
				seconds(k.inclusion.p50),
				seconds(k.inclusion.p99),
				seconds(k.finality.p50),
				seconds(k.finality.p99),
			);
		}
		for k in &self.kinds {
			for (why, n) in &k.failures {
				let _ = writeln!(out, "\n{}: {n} failed: {why}", k.kind);
			}
			for (why, n) in &k.rejections {
				let _ = writeln!(out, "\n{}: {n} refused: {why}", k.kind);
			}
		}
		out
	}

	/// The same as JSON.
	pub fn json(&self) -> Value {
		let ms = |d: Option<Duration>| d.map(|d| d.as_secs_f64() * 1000.0);
		let kinds: Vec<Value> = self
			.kinds
			.iter()
			.map(|k| {
				json!({
					"kind": k.kind.name(),
					"submitted": k.submitted,
					"succeeded": k.succeeded,
					"failed": k.failed,
					"rejected": k.rejected,
					"lost": k.lost,
					"blocks": k.blocks,
					"block_range": k.block_range,
					"rate_per_second": k.rate,
					"ratio_to_transfer": k.ratio,
					"max_per_block": k.max_per_block,
					"mean_per_block": k.mean_per_block,
					"mean_normal_weight_share": k.mean_weight,
					"inclusion_ms": { "p50": ms(k.inclusion.p50), "p99": ms(k.inclusion.p99) },
					"finality_ms": { "p50": ms(k.finality.p50), "p99": ms(k.finality.p99) },
					"failures": k.failures,
					"rejections": k.rejections,
				})
			})
			.collect();
		json!({ "kinds": kinds })
	}
}

/// A latency in seconds, or a dash.
fn seconds(latency: Option<Duration>) -> String {
	latency.map_or("–".into(), |d| format!("{:.2} s", d.as_secs_f64()))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn percentiles_take_the_nearest_rank() {
		let ms = |n: u64| Duration::from_millis(n);
		let p = Percentiles::of((1..=100).rev().map(ms).collect());
		assert_eq!((p.p50, p.p99), (Some(ms(50)), Some(ms(99))));
		let one = Percentiles::of(vec![ms(7)]);
		assert_eq!((one.p50, one.p99), (Some(ms(7)), Some(ms(7))));
		assert!(Percentiles::of(vec![]).p50.is_none());
	}

	#[test]
	fn the_runtime_limits_are_known() {
		let limits = Limits::of_runtime();
		assert!(limits.block_time_ms > 0 && limits.max_normal_ref_time > 0);
	}
}
