//! Submitting pre-signed extrinsics over several connections at once, and following the chain
//! to learn which of them each block included, whether each succeeded, and when its block was
//! imported and finalized.

use crate::chain::{decode_header, EventRecord, Rpc};
use anyhow::{anyhow, bail, Result};
use caduceus_runtime::{
	signing::{signed, Signing},
	AccountId, Header, RuntimeCall, RuntimeError, RuntimeEvent, VERSION,
};
use codec::Encode;
use frame_support::weights::Weight;
use frame_system::Phase;
use futures::{stream, StreamExt, TryStreamExt};
use serde_json::Value;
use sp_core::{sr25519, H256};
use sp_crypto_hashing::blake2_256;
use sp_runtime::DispatchError;
use std::{
	collections::{HashMap, HashSet},
	sync::Arc,
	time::{Duration, Instant},
};
use tokio::{
	sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender},
	task::JoinHandle,
};

/// How many nonces are asked for at once.
const NONCE_QUERIES_IN_FLIGHT: usize = 64;

/// The calls one account signs, in order, with consecutive nonces from its next one.
pub struct Work {
	/// Who signs.
	pub signer: sr25519::Pair,
	/// What it signs, in nonce order.
	pub calls: Vec<RuntimeCall>,
}

/// A signed extrinsic, encoded as submitted, with its hash.
pub struct Signed {
	/// The encoded extrinsic (with its length prefix), as the pool and blocks hold it.
	pub bytes: Vec<u8>,
	/// `blake2_256` of `bytes`: what `author_submitExtrinsic` answers.
	pub hash: H256,
}

/// How a batch of extrinsics is submitted and waited for.
#[derive(Clone, Debug)]
pub struct Load {
	/// Submissions per second over all connections; as fast as the node takes them if `None`.
	pub rate: Option<f64>,
	/// Requests each connection keeps in flight.
	pub window: usize,
	/// Once everything is submitted, how long without progress before the rest counts as lost.
	pub stall: Duration,
	/// Whether to keep each included extrinsic's events (set-up reads them).
	pub keep_events: bool,
	/// Whether to wait until each extrinsic is finalized, or only until a best block includes
	/// it (set-up, where only the next step's validity matters).
	pub finality: bool,
	/// Whether to print a line for each block that includes some of the extrinsics.
	pub progress: bool,
	/// The event an extrinsic must emit to count as succeeded, if dispatching without an
	/// error is not enough (a claim must be paid in its block).
	pub proof: Option<Proof>,
}

/// An event that proves an extrinsic did what its kind is measured for.
#[derive(Clone, Copy, Debug)]
pub struct Proof {
	/// The event's name, for the report.
	pub name: &'static str,
	/// Whether `event` is it.
	pub is: fn(&RuntimeEvent) -> bool,
}

/// Where and how an extrinsic was included.
#[derive(Clone, Debug)]
pub struct Inclusion {
	/// The including block.
	pub block: H256,
	/// Its number.
	pub number: u32,
	/// When its import was announced to us.
	pub imported: Instant,
	/// The dispatch result: `Err` names the error.
	pub result: Result<(), String>,
	/// The extrinsic's events, if [`Load::keep_events`].
	pub events: Vec<RuntimeEvent>,
}

/// What became of one submitted extrinsic.
#[derive(Clone, Debug, Default)]
pub struct Fate {
	/// When its submission was sent.
	pub submitted: Option<Instant>,
	/// The node's refusal at submission, if it refused.
	pub rejected: Option<String>,
	/// The best-chain block that included it.
	pub included: Option<Inclusion>,
	/// When a block including it was announced finalized.
	pub finalized: Option<Instant>,
}

/// One of the run's extrinsics in a block: its index, result and (maybe) events.
#[derive(Clone, Debug)]
pub struct Ours {
	/// Its index in the run.
	pub index: usize,
	/// Its dispatch result.
	pub result: Result<(), String>,
	/// Its events, if kept.
	pub events: Vec<RuntimeEvent>,
}

/// A block imported during a run.
#[derive(Clone, Debug)]
pub struct BlockSeen {
	/// Its hash.
	pub hash: H256,
	/// Its number.
	pub number: u32,
	/// Its parent's hash.
	pub parent: H256,
	/// When its import was announced to us.
	pub imported: Instant,
	/// Its block time (`Timestamp::Now`, ms).
	pub timestamp: u64,
	/// The weight its normal-class extrinsics consumed.
	pub normal_weight: Weight,
	/// How many extrinsics it holds, inherents included.
	pub extrinsics: usize,
	/// The run's extrinsics in it.
	pub ours: Vec<Ours>,
}

/// What a run observed.
pub struct Outcome {
	/// Per extrinsic, in submission order.
	pub fates: Vec<Fate>,
	/// The best chain's blocks imported during the run, oldest first.
	pub blocks: Vec<BlockSeen>,
}

impl Outcome {
	/// Fails naming the first problems unless every extrinsic was included and succeeded.
	pub fn ensure_all_succeeded(&self, what: &str) -> Result<()> {
		let problems: Vec<String> = self
			.fates
			.iter()
			.enumerate()
			.filter_map(|(i, fate)| match (&fate.included, &fate.rejected) {
				(Some(Inclusion { result: Ok(()), .. }), _) => None,
				(Some(Inclusion { result: Err(e), .. }), _) => Some(format!("#{i} failed: {e}")),
				(None, Some(why)) => Some(format!("#{i} rejected: {why}")),
				(None, None) => Some(format!("#{i} never included")),
			})
			.collect();
		if problems.is_empty() {
			return Ok(());
		}
		let first: Vec<&str> = problems.iter().take(5).map(String::as_str).collect();
		bail!(
			"{what}: {} of {} did not succeed: {}",
			problems.len(),
			self.fates.len(),
			first.join("; ")
		)
	}

	/// The events of every included extrinsic, if kept.
	pub fn events(&self) -> impl Iterator<Item = &RuntimeEvent> {
		self.fates.iter().filter_map(|f| f.included.as_ref()).flat_map(|i| i.events.iter())
	}
}

/// Connections to one node and what signing for its chain needs.
pub struct Session {
	/// The connections submissions go over.
	pub submitters: Vec<Rpc>,
	/// The connection that follows blocks and reads state.
	pub follower: Rpc,
	/// Spec version and genesis to sign over.
	pub signing: Signing,
}

impl Session {
	/// Opens `connections` submitting connections and one following connection to `url`, and
	/// checks that this build can sign for the node's runtime.
	pub async fn connect(url: &str, connections: usize) -> Result<Session> {
		let follower = Rpc::connect(url).await?;
		let (spec_version, transaction_version) = follower.runtime_version().await?;
		if transaction_version != VERSION.transaction_version {
			bail!(
				"the node's runtime has transaction version {transaction_version}, this build \
				 signs version {}: rebuild caduceus-bench with the node's runtime",
				VERSION.transaction_version
			);
		}
		if spec_version != VERSION.spec_version {
			eprintln!(
				"note: the node runs spec version {spec_version}, this build has {}",
				VERSION.spec_version
			);
		}
		let genesis = follower.genesis_hash().await?;
		let mut submitters = Vec::with_capacity(connections);
		for _ in 0..connections.max(1) {
			submitters.push(Rpc::connect(url).await?);
		}
		Ok(Session { submitters, follower, signing: Signing { spec_version, genesis } })
	}

	/// Signs every call of `work` with nonces from each signer's next one (one entry per
	/// signer), interleaved so that each account's next transaction comes only after every
	/// other account's previous one.
	pub async fn sign(&self, work: Vec<Work>) -> Result<Vec<Signed>> {
		let nonces: Vec<u32> = stream::iter(work.iter().map(|w| account_of(&w.signer)))
			.map(|account| async move { self.follower.next_index(&account).await })
			.buffered(NONCE_QUERIES_IN_FLIGHT)
			.try_collect()
			.await?;
		let signing = self.signing;
		tokio::task::spawn_blocking(move || sign_interleaved(work, &nonces, &signing))
			.await
			.map_err(|e| anyhow!("signing panicked: {e}"))
	}

	/// Submits `extrinsics` as `load` says and follows the chain until each is finalized (or
	/// included, see [`Load::finality`]), was refused, or nothing moved for `load.stall`.
	pub async fn execute(&self, extrinsics: Vec<Signed>, load: &Load) -> Result<Outcome> {
		let floor = self.follower.header(self.follower.best_hash().await?).await?.number;
		let index: HashMap<H256, usize> =
			extrinsics.iter().enumerate().map(|(i, e)| (e.hash, i)).collect();
		let follower = Follower::new(&self.follower, &index, floor, load);
		let (heads, _forwarders) = forward_heads(&self.follower).await?;
		let (answers_tx, answers) = unbounded_channel();
		let _submitters = submit_all(&self.submitters, Arc::new(extrinsics), load, answers_tx);
		follower.follow(heads, answers, load).await
	}

	/// A set-up step: signs and submits `work` and waits until all of it succeeded.
	pub async fn settle(&self, what: &str, work: Vec<Work>) -> Result<Outcome> {
		let count: usize = work.iter().map(|w| w.calls.len()).sum();
		let started = Instant::now();
		let signed = self.sign(work).await?;
		let load = Load {
			rate: None,
			window: 64,
			stall: Duration::from_secs(60),
			keep_events: true,
			finality: false,
			progress: false,
			proof: None,
		};
		let outcome = self.execute(signed, &load).await?;
		outcome.ensure_all_succeeded(what)?;
		eprintln!("set-up: {what}: {count} extrinsics in {:.1} s", started.elapsed().as_secs_f64());
		Ok(outcome)
	}
}

/// The account of a key pair.
pub fn account_of(pair: &sr25519::Pair) -> AccountId {
	use sp_core::Pair as _;
	pair.public().into()
}

/// Signs `work` (signer `i` from `nonces[i]`) round by round: every signer's first call, then
/// every signer's second, and so on.
fn sign_interleaved(work: Vec<Work>, nonces: &[u32], signing: &Signing) -> Vec<Signed> {
	let rounds = work.iter().map(|w| w.calls.len()).max().unwrap_or(0);
	let mut out = Vec::with_capacity(work.iter().map(|w| w.calls.len()).sum());
	for round in 0..rounds {
		for (w, nonce) in work.iter().zip(nonces) {
			if let Some(call) = w.calls.get(round) {
				let extrinsic = signed(call.clone(), &w.signer, nonce + round as u32, signing);
				let bytes = extrinsic.encode();
				out.push(Signed { hash: blake2_256(&bytes).into(), bytes });
			}
		}
	}
	out
}

/// The node's answer to one submission.
struct Answer {
	index: usize,
	sent: Instant,
	result: Result<H256, String>,
}

/// Submits every extrinsic, extrinsic `i` over connection `i mod connections`, each
/// connection keeping `load.window` requests in flight, paced to `load.rate` if given. The
/// answers channel closes once every connection is done.
fn submit_all(
	rpcs: &[Rpc],
	extrinsics: Arc<Vec<Signed>>,
	load: &Load,
	answers: UnboundedSender<Answer>,
) -> Vec<AbortOnDrop> {
	let start = tokio::time::Instant::now();
	let connections = rpcs.len();
	rpcs.iter()
		.enumerate()
		.map(|(c, rpc)| {
			let (rpc, extrinsics, answers, load) =
				(rpc.clone(), extrinsics.clone(), answers.clone(), load.clone());
			AbortOnDrop(tokio::spawn(async move {
				let indices = (c..extrinsics.len()).step_by(connections);
				stream::iter(indices)
					.map(|index| submit_one(&rpc, &extrinsics, index, due(start, index, load.rate)))
					.buffer_unordered(load.window.max(1))
					.for_each(|answer| {
						let _ = answers.send(answer);
						futures::future::ready(())
					})
					.await;
			}))
		})
		.collect()
}

/// When extrinsic `index` is due at `rate` per second from `start`.
fn due(
	start: tokio::time::Instant,
	index: usize,
	rate: Option<f64>,
) -> Option<tokio::time::Instant> {
	rate.filter(|r| *r > 0.0).map(|r| start + Duration::from_secs_f64(index as f64 / r))
}

/// Submits extrinsic `index` once it is due.
async fn submit_one(
	rpc: &Rpc,
	extrinsics: &[Signed],
	index: usize,
	due: Option<tokio::time::Instant>,
) -> Answer {
	if let Some(due) = due {
		tokio::time::sleep_until(due).await;
	}
	let sent = Instant::now();
	let result = match extrinsics.get(index) {
		Some(extrinsic) => rpc.submit(&extrinsic.bytes).await,
		None => Err("no such extrinsic".into()),
	};
	Answer { index, sent, result }
}

/// A head notification, stamped when it arrived.
struct Head {
	finalized: bool,
	at: Instant,
	header: Result<Value, String>,
}

/// Subscribes to new best and finalized heads and forwards each, stamped on arrival, to one
/// channel (so that slow block processing does not delay the stamps).
async fn forward_heads(rpc: &Rpc) -> Result<(UnboundedReceiver<Head>, Vec<AbortOnDrop>)> {
	let (tx, rx) = unbounded_channel();
	let mut forwarders = Vec::new();
	for finalized in [false, true] {
		let mut subscription = rpc.heads(finalized).await?;
		let tx = tx.clone();
		forwarders.push(AbortOnDrop(tokio::spawn(async move {
			while let Some(header) = subscription.next().await {
				let header = header.map_err(|e| e.to_string());
				if tx.send(Head { finalized, at: Instant::now(), header }).is_err() {
					break;
				}
			}
		})));
	}
	Ok((rx, forwarders))
}

/// A task aborted when this handle is dropped.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
	fn drop(&mut self) {
		self.0.abort();
	}
}

/// Follows the chain during one run.
struct Follower<'a> {
	rpc: &'a Rpc,
	index: &'a HashMap<H256, usize>,
	floor: u32,
	keep_events: bool,
	proof: Option<Proof>,
	verbose: bool,
	fates: Vec<Fate>,
	seen: HashMap<H256, BlockSeen>,
	best: Option<H256>,
	finalized: Option<H256>,
	answered: usize,
	last_progress: Instant,
}

impl<'a> Follower<'a> {
	fn new(rpc: &'a Rpc, index: &'a HashMap<H256, usize>, floor: u32, load: &Load) -> Self {
		Follower {
			rpc,
			index,
			floor,
			keep_events: load.keep_events,
			proof: load.proof,
			verbose: load.progress,
			fates: vec![Fate::default(); index.len()],
			seen: HashMap::new(),
			best: None,
			finalized: None,
			answered: 0,
			last_progress: Instant::now(),
		}
	}

	/// Runs until every extrinsic settled or nothing moved for `load.stall` after the last
	/// answer.
	async fn follow(
		mut self,
		mut heads: UnboundedReceiver<Head>,
		mut answers: UnboundedReceiver<Answer>,
		load: &Load,
	) -> Result<Outcome> {
		let mut tick = tokio::time::interval(Duration::from_secs(1));
		let mut submitting = true;
		loop {
			tokio::select! {
				answer = answers.recv(), if submitting => match answer {
					Some(answer) => self.answered(answer),
					None => submitting = false,
				},
				head = heads.recv() => match head {
					Some(head) => self.on_head(head).await?,
					None => bail!("the node ended its head subscriptions"),
				},
				_ = tick.tick() => {},
			}
			if !submitting && self.answered == self.fates.len() && self.settled(load.finality) {
				break;
			}
			if !submitting && self.last_progress.elapsed() > load.stall {
				eprintln!("no progress for {:?}: counting the rest as lost", load.stall);
				break;
			}
		}
		Ok(self.outcome())
	}

	fn answered(&mut self, answer: Answer) {
		self.answered += 1;
		self.last_progress = Instant::now();
		if let Some(fate) = self.fates.get_mut(answer.index) {
			fate.submitted = Some(answer.sent);
			fate.rejected = answer.result.err();
		}
	}

	/// Whether every extrinsic is finalized (`finality`; else included) or was refused.
	fn settled(&self, finality: bool) -> bool {
		self.fates.iter().all(|f| match (finality, &f.included) {
			(true, _) if f.finalized.is_some() => true,
			(false, Some(_)) => true,
			(_, None) => f.rejected.is_some(),
			_ => false,
		})
	}

	async fn on_head(&mut self, head: Head) -> Result<()> {
		let header = decode_header(head.header.map_err(|e| anyhow!("a bad head: {e}"))?)?;
		let hash = header.hash();
		self.import(header, head.at).await?;
		if head.finalized {
			self.finalize(hash, head.at);
		} else {
			self.best = Some(hash);
		}
		Ok(())
	}

	/// Processes `header`'s block and any of its ancestors above the floor not seen yet.
	async fn import(&mut self, header: Header, at: Instant) -> Result<()> {
		let mut missing = vec![header];
		while let Some(oldest) = missing.last() {
			let parent = oldest.parent_hash;
			if oldest.number <= self.floor + 1 || self.seen.contains_key(&parent) {
				break;
			}
			missing.push(self.rpc.header(parent).await?);
		}
		for header in missing.into_iter().rev() {
			if header.number > self.floor && !self.seen.contains_key(&header.hash()) {
				self.process(header, at).await?;
			}
		}
		Ok(())
	}

	/// Fetches a new block, its events, time and weight, and notes the run's extrinsics in it.
	async fn process(&mut self, header: Header, imported: Instant) -> Result<()> {
		let hash = header.hash();
		let (block, events, timestamp, normal_weight) = tokio::try_join!(
			self.rpc.block(hash),
			self.rpc.events(hash),
			self.rpc.timestamp(hash),
			self.rpc.normal_weight(hash),
		)?;
		let seen = BlockSeen {
			hash,
			number: header.number,
			parent: header.parent_hash,
			imported,
			timestamp,
			normal_weight,
			extrinsics: block.extrinsics.len(),
			ours: self.ours_in(&block.extrinsics, events),
		};
		self.note_inclusions(&seen);
		if self.verbose && !seen.ours.is_empty() {
			eprintln!(
				"  #{}: {} of its {} extrinsics, normal-class weight {} ms",
				seen.number,
				seen.ours.len(),
				seen.extrinsics,
				seen.normal_weight.ref_time() / 1_000_000_000
			);
		}
		self.seen.insert(hash, seen);
		Ok(())
	}

	/// The run's extrinsics among a block's, with their outcomes from the block's `events`.
	fn ours_in(&self, extrinsics: &[Vec<u8>], events: Vec<EventRecord>) -> Vec<Ours> {
		let mut outcomes = outcomes_by_extrinsic(events, self.keep_events, self.proof);
		let mut ours = Vec::new();
		for (position, extrinsic) in extrinsics.iter().enumerate() {
			let Some(&index) = self.index.get(&H256::from(blake2_256(extrinsic))) else {
				continue;
			};
			let (result, events) = outcomes
				.remove(&(position as u32))
				.unwrap_or_else(|| (Err("no outcome event".into()), vec![]));
			ours.push(Ours { index, result, events });
		}
		ours
	}

	/// Notes the first inclusion of each of the run's extrinsics in `block`.
	fn note_inclusions(&mut self, block: &BlockSeen) {
		for o in &block.ours {
			if let Some(fate) = self.fates.get_mut(o.index) {
				if fate.included.is_none() {
					fate.included = Some(inclusion(block, o));
					self.last_progress = Instant::now();
				}
			}
		}
	}

	/// Marks `hash` and its ancestors down to the previous finalized block as finalized `at`.
	fn finalize(&mut self, hash: H256, at: Instant) {
		let mut cursor = hash;
		while Some(cursor) != self.finalized {
			let Some(block) = self.seen.get(&cursor) else { break };
			for o in &block.ours {
				let Some(fate) = self.fates.get_mut(o.index) else { continue };
				if fate.finalized.is_none() {
					fate.finalized = Some(at);
					self.last_progress = Instant::now();
				}
				// The finalized chain's inclusion is the one that counts.
				if fate.included.as_ref().map(|i| i.block) != Some(cursor) {
					fate.included = Some(inclusion(block, o));
				}
			}
			cursor = block.parent;
		}
		self.finalized = Some(hash);
	}

	/// The fates and the best chain's blocks, oldest first.
	fn outcome(mut self) -> Outcome {
		let mut blocks = Vec::new();
		let mut cursor = self.best;
		while let Some(block) = cursor.and_then(|hash| self.seen.remove(&hash)) {
			cursor = Some(block.parent);
			blocks.push(block);
		}
		blocks.reverse();
		Outcome { fates: self.fates, blocks }
	}
}

/// How `o` was included in `block`.
fn inclusion(block: &BlockSeen, o: &Ours) -> Inclusion {
	Inclusion {
		block: block.hash,
		number: block.number,
		imported: block.imported,
		result: o.result.clone(),
		events: o.events.clone(),
	}
}

/// Per extrinsic position: its dispatch result and (if `keep`) its events. With a `proof`, a
/// dispatch that succeeded without emitting it counts as failed.
fn outcomes_by_extrinsic(
	events: Vec<EventRecord>,
	keep: bool,
	proof: Option<Proof>,
) -> HashMap<u32, (Result<(), String>, Vec<RuntimeEvent>)> {
	let mut outcomes: HashMap<u32, (Result<(), String>, Vec<RuntimeEvent>)> = HashMap::new();
	let mut proven: HashSet<u32> = HashSet::new();
	for record in events {
		let Phase::ApplyExtrinsic(position) = record.phase else { continue };
		let entry =
			outcomes.entry(position).or_insert_with(|| (Err("no outcome event".into()), vec![]));
		match &record.event {
			RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }) => entry.0 = Ok(()),
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error, ..
			}) => {
				entry.0 = Err(describe(*dispatch_error));
			},
			event if proof.is_some_and(|p| (p.is)(event)) => {
				proven.insert(position);
			},
			_ => {},
		}
		if keep {
			entry.1.push(record.event);
		}
	}
	if let Some(proof) = proof {
		for (position, (result, _)) in outcomes.iter_mut() {
			if result.is_ok() && !proven.contains(position) {
				*result = Err(format!("succeeded without {}", proof.name));
			}
		}
	}
	outcomes
}

/// A dispatch error by its pallet's error name where the runtime knows it.
pub fn describe(error: DispatchError) -> String {
	match RuntimeError::from_dispatch_error(error) {
		Some(named) => format!("{named:?}"),
		None => format!("{error:?}"),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_system::DispatchEventInfo;

	fn record(position: u32, event: RuntimeEvent) -> EventRecord {
		EventRecord { phase: Phase::ApplyExtrinsic(position), event, topics: vec![] }
	}

	fn success() -> RuntimeEvent {
		let dispatch_info = DispatchEventInfo::default();
		RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { dispatch_info })
	}

	#[test]
	fn a_dispatch_that_succeeds_without_the_kinds_proof_counts_as_failed() {
		let paid = RuntimeEvent::Claims(pallet_claims::Event::ClaimPaid {
			claim: 0,
			provider: 0,
			amount: 1,
		});
		let proof = Proof {
			name: "ClaimPaid",
			is: |event| {
				matches!(event, RuntimeEvent::Claims(pallet_claims::Event::ClaimPaid { .. }))
			},
		};
		let events = vec![record(1, paid), record(1, success()), record(2, success())];
		let outcomes = outcomes_by_extrinsic(events.clone(), false, Some(proof));
		assert_eq!(outcomes[&1].0, Ok(()), "paid");
		assert_eq!(outcomes[&2].0, Err("succeeded without ClaimPaid".into()), "not paid");
		let outcomes = outcomes_by_extrinsic(events, false, None);
		assert_eq!(outcomes[&2].0, Ok(()), "no proof asked for");
	}
}
