//! The seeded-random driver: generates inputs from the runtime's types and mutates the ones
//! that showed new behaviour; stops at the first finding and saves it.

use crate::{
	cast::{cast, initial_state, Member},
	execute::{call_name, decode_input, encode_input, run, Step},
	generate::Generator,
};
use sp_runtime::Storage;
use std::{
	collections::BTreeSet,
	fs,
	panic::{self, AssertUnwindSafe},
	path::{Path, PathBuf},
	time::{Duration, Instant},
};

/// How long and where a campaign runs.
#[derive(Clone, Debug)]
pub struct Campaign {
	/// The seed: the same seed makes the same inputs.
	pub seed: u64,
	/// Stop after this many executions.
	pub executions: u64,
	/// Or after this long.
	pub time: Duration,
	/// Where the corpus is read from and new behaviour saved, if anywhere.
	pub corpus: Option<PathBuf>,
	/// Where a finding is saved.
	pub findings: PathBuf,
	/// Print progress every this long.
	pub report_every: Duration,
}

/// What a campaign did.
#[derive(Clone, Debug, Default)]
pub struct Summary {
	/// Inputs run.
	pub executions: u64,
	/// Blocks built.
	pub blocks: u64,
	/// Extrinsics dispatched.
	pub dispatched: u64,
	/// Distinct (call, result) pairs seen.
	pub behaviours: BTreeSet<(String, String)>,
	/// Inputs kept for showing new behaviour.
	pub corpus: usize,
	/// The largest ratio of measured time to charged weight of any extrinsic, and its call.
	pub worst_time_to_weight: (f64, String),
	/// The finding, if any: the message and the saved input.
	pub finding: Option<(String, PathBuf)>,
	/// Measured times over budget that running the input again did not repeat: how many, and
	/// the first one's message.
	pub time_outliers: (u64, Option<String>),
	/// How long it ran.
	pub elapsed: Duration,
}

impl Summary {
	/// The calls that succeeded at least once.
	pub fn succeeded(&self) -> BTreeSet<&str> {
		self.behaviours.iter().filter(|(_, r)| r == "ok").map(|(c, _)| c.as_str()).collect()
	}
}

/// The last panic's message and location, as the hook saw it.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// The input running now, in the findings folder: what remains there after a hang or an abort.
const CURRENT: &str = "current.bin";

/// [`CURRENT`], open for the whole campaign: rewritten in place for every input, since opening,
/// truncating and closing it each time made the file system flush it (about 7% of a campaign's
/// time, measured whole-process).
struct Current(fs::File);

impl Current {
	fn create(dir: &Path) -> Self {
		fs::create_dir_all(dir).expect("the findings folder can be made");
		Current(fs::File::create(dir.join(CURRENT)).expect("the running input can be saved"))
	}

	fn write(&self, bytes: &[u8]) {
		use std::os::unix::fs::FileExt;
		self.0.set_len(0).expect("the running input can be saved");
		self.0.write_all_at(bytes, 0).expect("the running input can be saved");
	}
}

/// Runs one input, catching a panic as a finding.
pub fn try_run(state: &Storage, cast: &[Member], steps: &[Step]) -> Result<crate::Outcome, String> {
	panic::catch_unwind(AssertUnwindSafe(|| run(state, cast, steps))).map_err(|payload| {
		payload
			.downcast_ref::<String>()
			.cloned()
			.or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
			.unwrap_or_else(|| "a panic without a message".into())
	})
}

/// How many times an input whose measured time was over budget runs again.
pub const TIME_RERUNS: usize = 2;

/// Runs one input as [`try_run`] does, except that a measured time over budget
/// ([`crate::execute::OVER_TIME`]) is a finding only if every one of [`TIME_RERUNS`] runs again
/// repeats a finding. The thread's CPU time also counts the kernel's work for it (page faults,
/// and reclaiming memory when a build beside it fills the machine's), which inflates a call
/// about once in half a million runs on a loaded machine; what the runtime itself does costs
/// the same on every run. Otherwise the outcome of the run that passed and the message of the
/// one that did not.
pub fn try_run_confirmed(
	state: &Storage,
	cast: &[Member],
	steps: &[Step],
) -> Result<(crate::Outcome, Option<String>), String> {
	confirmed(|| try_run(state, cast, steps))
}

/// [`try_run_confirmed`]'s rule, over any way of running an input.
fn confirmed<T>(
	mut attempt: impl FnMut() -> Result<T, String>,
) -> Result<(T, Option<String>), String> {
	match attempt() {
		Ok(outcome) => Ok((outcome, None)),
		Err(message) if message.starts_with(crate::execute::OVER_TIME) => {
			let mut last = message.clone();
			for _ in 0..TIME_RERUNS {
				match attempt() {
					Ok(outcome) => return Ok((outcome, Some(message))),
					Err(again) => last = again,
				}
			}
			Err(last)
		},
		Err(message) => Err(message),
	}
}

/// Runs a campaign.
pub fn campaign(config: &Campaign) -> Summary {
	let cast = cast();
	let state = initial_state();
	let mut generator =
		Generator::new(config.seed, cast.iter().map(|m| m.account.clone()).collect());
	// The seed flows first, then whatever the corpus folder holds.
	let saved = config.corpus.as_deref().map(read_corpus).unwrap_or_default();
	let mut corpus: Vec<Vec<Step>> =
		crate::seeds::flows().into_iter().chain(saved.into_iter().map(|(_, s)| s)).collect();
	let mut summary = Summary::default();
	let current = Current::create(&config.findings);
	let started = Instant::now();
	let mut last_report = started;
	// A panic is a finding, reported once by the driver with where it happened: the hook keeps
	// the message and location instead of printing them.
	let hook = panic::take_hook();
	panic::set_hook(Box::new(|info| {
		*LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(info.to_string());
	}));
	while summary.executions < config.executions && started.elapsed() < config.time {
		let steps = if !corpus.is_empty() && generator.rng.chance(60) {
			mutate(&mut generator, &corpus)
		} else {
			generator.input()
		};
		// What a saved input replays: its bytes, decoded. Kept on disk while it runs, so that
		// an input that hangs or aborts the process is not lost.
		let bytes = encode_input(&steps);
		let steps = decode_input(&bytes);
		summary.executions += 1;
		current.write(&bytes);
		match try_run_confirmed(&state, &cast, &steps) {
			Ok((outcome, outlier)) => {
				if let Some(message) = outlier {
					eprintln!("fuzz: not repeated when run again, so no finding: {message}");
					summary.time_outliers.0 += 1;
					summary.time_outliers.1.get_or_insert(message);
				}
				summary.blocks += u64::from(outcome.blocks);
				summary.dispatched += u64::from(outcome.dispatched);
				if outcome.worst_time_to_weight.0 > summary.worst_time_to_weight.0 {
					summary.worst_time_to_weight = outcome.worst_time_to_weight;
				}
				let before = summary.behaviours.len();
				summary.behaviours.extend(outcome.results);
				if summary.behaviours.len() > before {
					if let Some(dir) = &config.corpus {
						save(dir, &bytes);
					}
					corpus.push(steps);
				}
			},
			Err(message) => {
				let path = save(&config.findings, &bytes);
				let location = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
				summary.finding = Some((location.unwrap_or(message), path));
				break;
			},
		}
		if last_report.elapsed() >= config.report_every {
			last_report = Instant::now();
			eprintln!("{}", progress(&summary, started.elapsed(), corpus.len()));
		}
	}
	panic::set_hook(hook);
	drop(current);
	let _ = fs::remove_file(config.findings.join(CURRENT));
	summary.corpus = corpus.len();
	summary.elapsed = started.elapsed();
	summary
}

/// One line of progress.
pub fn progress(summary: &Summary, elapsed: Duration, corpus: usize) -> String {
	format!(
		"fuzz: {} executions in {:.0?} ({:.0}/s), {} blocks, {} extrinsics dispatched, {} behaviours, {} calls succeeded, corpus {}",
		summary.executions,
		elapsed,
		summary.executions as f64 / elapsed.as_secs_f64().max(1e-9),
		summary.blocks,
		summary.dispatched,
		summary.behaviours.len(),
		summary.succeeded().len(),
		corpus,
	)
}

/// A variation of a corpus input: a step replaced, inserted, removed, re-timed or re-signed,
/// or two inputs spliced.
fn mutate(generator: &mut Generator, corpus: &[Vec<Step>]) -> Vec<Step> {
	let mut steps = generator.rng.pick(corpus).clone();
	let rounds = 1 + generator.rng.below(4);
	for _ in 0..rounds {
		let at = generator.rng.below(steps.len().max(1) as u64) as usize;
		match generator.rng.below(6) {
			0 if !steps.is_empty() => steps[at] = generator.step(),
			1 => steps.insert(at.min(steps.len()), generator.step()),
			2 if steps.len() > 1 => {
				steps.remove(at);
			},
			3 if !steps.is_empty() => steps[at].lapse = generator.rng.next() as u8 % 4,
			4 if !steps.is_empty() => steps[at].signer = generator.rng.next() as u8,
			_ => {
				let other = generator.rng.pick(corpus);
				let from = generator.rng.below(other.len().max(1) as u64) as usize;
				steps.extend(other.iter().skip(from).cloned());
			},
		}
	}
	steps.truncate(crate::execute::MAX_STEPS);
	steps
}

/// Every input in `dir` (or `dir` itself if it is a file), by path, sorted.
pub fn read_corpus(dir: &Path) -> Vec<(PathBuf, Vec<Step>)> {
	let mut paths: Vec<PathBuf> = if dir.is_file() {
		vec![dir.to_path_buf()]
	} else {
		fs::read_dir(dir)
			.map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
			.unwrap_or_default()
	};
	paths.retain(|p| p.extension().is_some_and(|e| e == "bin"));
	paths.sort();
	paths
		.into_iter()
		.filter_map(|p| fs::read(&p).ok().map(|bytes| (p, decode_input(&bytes))))
		.collect()
}

/// Saves `bytes` in `dir` under their hash; the path.
fn save(dir: &Path, bytes: &[u8]) -> PathBuf {
	fs::create_dir_all(dir).expect("the folder can be made");
	let name =
		sp_io::hashing::blake2_128(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
	let path = dir.join(format!("{name}.bin"));
	fs::write(&path, bytes).expect("the input can be saved");
	path
}

/// Replays every input in `dir`; the first that panics, with its message.
pub fn replay(dir: &Path) -> Result<usize, (PathBuf, String)> {
	let cast = cast();
	let state = initial_state();
	let inputs = read_corpus(dir);
	for (path, steps) in &inputs {
		try_run_confirmed(&state, &cast, steps).map_err(|message| (path.clone(), message))?;
	}
	Ok(inputs.len())
}

/// The steps of an input, one line each, for a report.
pub fn describe(steps: &[Step], cast: &[Member]) -> String {
	steps
		.iter()
		.map(|s| {
			let who = &cast[usize::from(s.signer) % cast.len()];
			format!("+{} {} ({}): {:?}", s.lapse, call_name(&s.call), who.role, s.call)
		})
		.collect::<Vec<_>>()
		.join("\n")
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::execute::OVER_TIME;

	/// Runs `confirmed` over the given results in turn; what it answered and how many it ran.
	fn confirm(results: &[Result<(), &str>]) -> (Result<((), Option<String>), String>, usize) {
		let mut runs = 0;
		let answer = confirmed(|| {
			runs += 1;
			results[runs - 1].map_err(str::to_string)
		});
		(answer, runs)
	}

	#[test]
	fn a_time_over_budget_is_a_finding_only_when_every_run_again_repeats_it() {
		let over = format!("{OVER_TIME}X took 41ms of CPU, declared 347µs");
		let once = confirm(&[Err(&over), Ok(())]);
		assert_eq!(once, (Ok(((), Some(over.clone()))), 2), "an outlier, reported as such");
		let always = confirm(&[Err(&over), Err(&over), Err(&over)]);
		assert_eq!(always, (Err(over.clone()), 1 + TIME_RERUNS), "repeated: a finding");
		let then_broken = confirm(&[Err(&over), Err("try_state fails"), Err(&over)]);
		assert_eq!(then_broken.0, Err(over.clone()), "every run again failed");
		let invariant = confirm(&[Err("try_state fails")]);
		assert_eq!(invariant, (Err("try_state fails".to_string()), 1), "never run again");
		assert_eq!(confirm(&[Ok(())]), (Ok(((), None)), 1));
	}
}
