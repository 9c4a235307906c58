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
	sync::{Mutex, MutexGuard},
	time::{Duration, Instant},
};

/// How long and where a campaign runs.
#[derive(Clone, Debug)]
pub struct Campaign {
	/// The seed: the same seed makes the same inputs (with one worker).
	pub seed: u64,
	/// Stop once the campaign has run this many executions, earlier sittings included.
	pub executions: u64,
	/// Or after this long (this sitting).
	pub time: Duration,
	/// Where the corpus is read from and new behaviour saved, if anywhere.
	pub corpus: Option<PathBuf>,
	/// Where a finding is saved.
	pub findings: PathBuf,
	/// Print progress every this long.
	pub report_every: Duration,
	/// Threads, one per core: each generates and runs its own inputs; they share the corpus,
	/// the behaviour seen and the counts, so that the cores make one campaign.
	pub workers: usize,
	/// The campaign's record. If it exists, this sitting resumes the campaign it records (its
	/// counts and the behaviour seen), with randomness of its own; it is rewritten at every
	/// report and at the end, so that a campaign longer than one sitting adds up.
	pub record: Option<PathBuf>,
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
	/// How long it ran, earlier sittings included.
	pub elapsed: Duration,
	/// Sittings run, this one included.
	pub sittings: u32,
}

impl Summary {
	/// The calls that succeeded at least once.
	pub fn succeeded(&self) -> BTreeSet<&str> {
		self.behaviours.iter().filter(|(_, r)| r == "ok").map(|(c, _)| c.as_str()).collect()
	}

	/// Adds what one input did.
	fn add(&mut self, outcome: &crate::Outcome) {
		self.blocks += u64::from(outcome.blocks);
		self.dispatched += u64::from(outcome.dispatched);
		if outcome.worst_time_to_weight.0 > self.worst_time_to_weight.0 {
			self.worst_time_to_weight = outcome.worst_time_to_weight.clone();
		}
	}

	/// The record of a campaign, as [`Campaign::record`] keeps it.
	fn to_record(&self, seed: u64) -> serde_json::Value {
		serde_json::json!({
			"seed": seed,
			"sittings": self.sittings,
			"executions": self.executions,
			"blocks": self.blocks,
			"dispatched": self.dispatched,
			"seconds": self.elapsed.as_secs_f64(),
			"worst_time_to_weight": [self.worst_time_to_weight.0, self.worst_time_to_weight.1],
			"time_outliers": [self.time_outliers.0, self.time_outliers.1],
			"finding": self.finding.as_ref().map(|(message, path)| [message.clone(), path.display().to_string()]),
			"behaviours": self.behaviours,
		})
	}

	/// The summary a record holds, if it is one of a campaign of `seed`.
	fn from_record(record: &serde_json::Value, seed: u64) -> Result<Self, String> {
		let number = |key: &str| record[key].as_u64().ok_or(format!("no {key} in the record"));
		if number("seed")? != seed {
			return Err(format!("the record is of a campaign of seed {}", record["seed"]));
		}
		if !record["finding"].is_null() {
			return Err(format!(
				"the campaign stopped on a finding, {}: fix it (a regression test), then start another",
				record["finding"]
			));
		}
		let behaviours = serde_json::from_value(record["behaviours"].clone())
			.map_err(|e| format!("the record's behaviours: {e}"))?;
		let (ratio, call) = serde_json::from_value(record["worst_time_to_weight"].clone())
			.map_err(|e| format!("the record's worst time: {e}"))?;
		let outliers = serde_json::from_value(record["time_outliers"].clone())
			.map_err(|e| format!("the record's time outliers: {e}"))?;
		let seconds = record["seconds"].as_f64().ok_or("no seconds in the record")?;
		Ok(Self {
			executions: number("executions")?,
			blocks: number("blocks")?,
			dispatched: number("dispatched")?,
			behaviours,
			worst_time_to_weight: (ratio, call),
			time_outliers: outliers,
			elapsed: Duration::from_secs_f64(seconds),
			sittings: u32::try_from(number("sittings")?).map_err(|e| e.to_string())?,
			..Default::default()
		})
	}
}

thread_local! {
	/// Whether this thread is a campaign's worker, whose panics are findings the driver reports.
	static CAPTURING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
	/// The last panic's message and location on this thread, as the hook saw it.
	static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs, once per process, the panic hook that keeps a worker's panic (its message and
/// location) for the driver to report once, instead of printing it; any other thread's panic
/// goes to the hook there was before. Never removed, so that campaigns running at the same
/// time (tests) cannot restore each other's hooks in the wrong order.
fn capture_worker_panics() {
	static INSTALLED: std::sync::Once = std::sync::Once::new();
	INSTALLED.call_once(|| {
		let before = panic::take_hook();
		panic::set_hook(Box::new(move |info| {
			if CAPTURING.get() {
				LAST_PANIC.with(|last| *last.borrow_mut() = Some(info.to_string()));
			} else {
				before(info)
			}
		}));
	});
}

/// The last panic on this thread, as the hook kept it.
fn last_panic() -> Option<String> {
	LAST_PANIC.with(|last| last.borrow_mut().take())
}

/// The input running now, in the findings folder: what remains there after a hang or an abort.
/// Worker `n` above 0 keeps its own, `current-n.bin`.
const CURRENT: &str = "current.bin";

/// [`CURRENT`], open for the whole campaign: rewritten in place for every input, since opening,
/// truncating and closing it each time made the file system flush it (about 7% of a campaign's
/// time, measured whole-process).
struct Current(fs::File, PathBuf);

impl Current {
	fn create(dir: &Path, worker: usize) -> Self {
		fs::create_dir_all(dir).expect("the findings folder can be made");
		let path = match worker {
			0 => dir.join(CURRENT),
			n => dir.join(format!("current-{n}.bin")),
		};
		Current(fs::File::create(&path).expect("the running input can be saved"), path)
	}

	fn write(&self, bytes: &[u8]) {
		use std::os::unix::fs::FileExt;
		self.0.set_len(0).expect("the running input can be saved");
		self.0.write_all_at(bytes, 0).expect("the running input can be saved");
	}

	/// Removes the file: the campaign ended without a hang or an abort.
	fn remove(self) {
		let _ = fs::remove_file(&self.1);
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

/// What the workers share.
struct Shared {
	/// The seed flows, the saved corpus and the inputs kept since.
	corpus: Vec<Vec<Step>>,
	/// The campaign so far.
	summary: Summary,
	/// When progress was last printed (and the record written).
	last_report: Instant,
	/// A worker's failure outside an input, which stops the others.
	failed: Option<String>,
}

/// The campaign's stock, locked (a worker that panicked outside an input cannot poison it for
/// the others: its inputs' panics are caught).
fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
	shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// The stack of each worker thread: nested calls (a batch in a motion in a batch...) run
/// natively and deep; the main thread's 8 MiB, on which `replay` runs what a worker kept.
const WORKER_STACK: usize = 8 << 20;

/// Runs a campaign (one sitting of it, if it is recorded).
pub fn campaign(config: &Campaign) -> Summary {
	let cast = cast();
	let state = initial_state();
	let mut summary = match config.record.as_deref().filter(|path| path.exists()) {
		Some(path) => read_record(path, config.seed),
		None => Summary::default(),
	};
	summary.sittings += 1;
	let earlier = summary.elapsed;
	// The seed flows first, then whatever the corpus folder holds.
	let saved = config.corpus.as_deref().map(read_corpus).unwrap_or_default();
	let corpus =
		crate::seeds::flows().into_iter().chain(saved.into_iter().map(|(_, s)| s)).collect();
	let started = Instant::now();
	let shared = Mutex::new(Shared { corpus, summary, last_report: started, failed: None });
	// A panic is a finding, reported once by the driver with where it happened.
	capture_worker_panics();
	std::thread::scope(|scope| {
		for worker in 0..config.workers.max(1) {
			let (shared, state, cast) = (&shared, &state, &cast);
			let sitting = lock(shared).summary.sittings;
			std::thread::Builder::new()
				.name(format!("fuzz-{worker}"))
				.stack_size(WORKER_STACK)
				.spawn_scoped(scope, move || {
					CAPTURING.set(true);
					let seed = worker_seed(config.seed, sitting, worker);
					let times = (started, earlier);
					// A panic outside an input is the fuzzer's own failure (a full disk, say):
					// it stops every worker and is raised once they are done.
					let worked = panic::catch_unwind(AssertUnwindSafe(|| {
						work(config, state, cast, shared, times, seed, worker)
					}));
					if worked.is_err() {
						let message = last_panic().unwrap_or_else(|| "a panic".into());
						lock(shared).failed.get_or_insert(format!("worker {worker}: {message}"));
					}
				})
				.expect("a worker thread starts");
		}
	});
	let mut shared = shared.into_inner().unwrap_or_else(|e| e.into_inner());
	shared.summary.corpus = shared.corpus.len();
	shared.summary.elapsed = earlier + started.elapsed();
	if let Some(path) = &config.record {
		write_record(path, &shared.summary, config.seed);
	}
	if let Some(failure) = shared.failed {
		panic!("the fuzzer failed (not a finding): {failure}");
	}
	shared.summary
}

/// Worker `worker`'s seed in sitting `sitting`: the campaign's seed for the first worker of
/// the first sitting, something else for every other.
fn worker_seed(seed: u64, sitting: u32, worker: usize) -> u64 {
	let sitting = u64::from(sitting.saturating_sub(1));
	seed ^ (sitting << 48) ^ ((worker as u64) << 40)
}

/// One worker's loop: until the campaign has a finding, its executions or its time.
fn work(
	config: &Campaign,
	state: &Storage,
	cast: &[Member],
	shared: &Mutex<Shared>,
	(started, earlier): (Instant, Duration),
	seed: u64,
	worker: usize,
) {
	let mut generator = Generator::new(seed, cast.iter().map(|m| m.account.clone()).collect());
	let current = Current::create(&config.findings, worker);
	loop {
		let mutated = {
			let mut shared = lock(shared);
			let failed = shared.failed.is_some();
			let summary = &mut shared.summary;
			if failed
				|| summary.finding.is_some()
				|| summary.executions >= config.executions
				|| started.elapsed() >= config.time
			{
				break;
			}
			summary.executions += 1;
			(!shared.corpus.is_empty() && generator.rng.chance(60))
				.then(|| mutate(&mut generator, &shared.corpus))
		};
		let steps = mutated.unwrap_or_else(|| generator.input());
		// What a saved input replays: its bytes, decoded. Kept on disk while it runs, so that
		// an input that hangs or aborts the process is not lost.
		let bytes = encode_input(&steps);
		let steps = decode_input(&bytes);
		current.write(&bytes);
		let result = try_run_confirmed(state, cast, &steps);
		let mut shared = lock(shared);
		match result {
			Ok((outcome, outlier)) => {
				let summary = &mut shared.summary;
				if let Some(message) = outlier {
					eprintln!("fuzz: not repeated when run again, so no finding: {message}");
					summary.time_outliers.0 += 1;
					summary.time_outliers.1.get_or_insert(message);
				}
				summary.add(&outcome);
				let before = summary.behaviours.len();
				summary.behaviours.extend(outcome.results);
				if summary.behaviours.len() > before {
					if let Some(dir) = &config.corpus {
						save(dir, &bytes);
					}
					shared.corpus.push(steps);
				}
			},
			Err(message) => {
				let path = save(&config.findings, &bytes);
				let message = last_panic().unwrap_or(message);
				match &shared.summary.finding {
					None => shared.summary.finding = Some((message, path)),
					// Another worker's input failed too before this one stopped: also saved.
					Some(_) => {
						eprintln!("fuzz: FINDING too: {message}; input in {}", path.display())
					},
				}
				break;
			},
		}
		if shared.last_report.elapsed() >= config.report_every {
			shared.last_report = Instant::now();
			let elapsed = earlier + started.elapsed();
			eprintln!("{}", progress(&shared.summary, elapsed, shared.corpus.len()));
			if let Some(path) = &config.record {
				let summary = Summary { elapsed, ..shared.summary.clone() };
				write_record(path, &summary, config.seed);
			}
		}
	}
	current.remove();
}

/// The seed of the campaign recorded at `path`, if there is a record.
pub fn recorded_seed(path: &Path) -> Option<u64> {
	let text = fs::read_to_string(path).ok()?;
	serde_json::from_str::<serde_json::Value>(&text).ok()?["seed"].as_u64()
}

/// The campaign recorded at `path`, which must be one of `seed`.
fn read_record(path: &Path, seed: u64) -> Summary {
	let text = fs::read_to_string(path).expect("the campaign's record can be read");
	let record = serde_json::from_str(&text).expect("the campaign's record is JSON");
	Summary::from_record(&record, seed).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes the record of `summary` at `path` (whole, then renamed over the old one).
fn write_record(path: &Path, summary: &Summary, seed: u64) {
	let text = serde_json::to_string_pretty(&summary.to_record(seed)).expect("JSON encodes");
	if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
		fs::create_dir_all(dir).expect("the campaign's record's folder can be made");
	}
	let partial = path.with_extension("partial");
	fs::write(&partial, text).expect("the campaign's record can be written");
	fs::rename(&partial, path).expect("the campaign's record can be written");
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
