//! Runs an input through the real runtime, block by block, and checks every invariant after
//! each block. A broken invariant panics: the driver (or the fuzz engine) reports the input.

use crate::{cast::Member, externalities::Unrooted};
use caduceus_runtime::{
	AccountId, Balance, Executive, Header, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	System, Timestamp, TxExtension, SLOT_DURATION,
};
use codec::{DecodeLimit, Encode};
use frame_support::{
	dispatch::{GetDispatchInfo, PostDispatchInfo},
	weights::Weight,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::H256;
use sp_runtime::{
	generic::{CheckedExtrinsic, ExtrinsicFormat},
	traits::{Applyable, Header as _},
	Digest, DigestItem, Storage,
};
use std::{collections::BTreeSet, time::Duration};

/// How deeply calls may nest (a batch in a motion in a batch...), as a decoder must bound it.
pub const MAX_DEPTH: u32 = 32;
/// Most steps one input runs.
pub const MAX_STEPS: usize = 64;
/// The most a block may take to build on this machine: its share of the 6 s slot.
pub const BLOCK_TIME_LIMIT: Duration = Duration::from_secs(2);
/// Slack on an extrinsic's measured CPU time against its declared weight: timer granularity and
/// cache effects, far below what an unbounded loop costs.
pub const TIME_SLACK: Duration = Duration::from_millis(20);
/// How the checks of measured time begin their message: a finding of this kind stands only if
/// running the input again repeats it (`driver::try_run_confirmed`).
pub const OVER_TIME: &str = "over time: ";
/// The slot of block 1: block time about 2025-11-24, before the demo grants end (2031).
pub const FIRST_SLOT: u64 = 294_000_000;

/// Block time of block 1 of the initial state, in milliseconds.
pub fn now() -> u64 {
	FIRST_SLOT * SLOT_DURATION
}

/// One step of an input: let time pass, then one member of the cast submits one call.
#[derive(Clone, Debug, PartialEq, Eq, Encode, codec::Decode)]
pub struct Step {
	/// 0: the call goes into the current block; otherwise the block is finished and the next
	/// one is `lapse² × 100` slots later (up to about 450 days of block time; block numbers
	/// stay consecutive, as FRAME requires).
	pub lapse: u8,
	/// Index into the cast (modulo its size).
	pub signer: u8,
	/// The call.
	pub call: RuntimeCall,
}

/// The steps of an input: as many `Step`s as decode from its bytes, the calls the fuzzer may
/// make only, at most [`MAX_STEPS`].
pub fn decode_input(mut data: &[u8]) -> Vec<Step> {
	std::iter::from_fn(|| Step::decode_with_depth_limit(MAX_DEPTH, &mut data).ok())
		.filter(|step| allowed(&step.call))
		.take(MAX_STEPS)
		.collect()
}

/// The bytes of an input made of `steps`.
pub fn encode_input(steps: &[Step]) -> Vec<u8> {
	steps.iter().flat_map(Encode::encode).collect()
}

/// Whether the fuzzer may make `call`: anything of the custom pallets, balances, utility,
/// recovery and the council, nested in batches, motions and recoveries alike; nothing of
/// `system` (a runtime upgrade cannot run natively), `sudo`, `timestamp` or session keys.
pub fn allowed(call: &RuntimeCall) -> bool {
	use pallet_utility::Call as Utility;
	match call {
		RuntimeCall::Utility(
			Utility::batch { calls }
			| Utility::batch_all { calls }
			| Utility::force_batch { calls },
		) => calls.iter().all(allowed),
		RuntimeCall::Utility(
			Utility::as_derivative { call, .. }
			| Utility::dispatch_as { call, .. }
			| Utility::with_weight { call, .. }
			| Utility::dispatch_as_fallible { call, .. },
		) => allowed(call),
		RuntimeCall::Utility(Utility::if_else { main, fallback }) => {
			allowed(main) && allowed(fallback)
		},
		RuntimeCall::Utility(_) => true,
		RuntimeCall::Council(
			pallet_collective::Call::propose { proposal, .. }
			| pallet_collective::Call::execute { proposal, .. },
		) => allowed(proposal),
		RuntimeCall::Council(_) => true,
		RuntimeCall::Consortium(pallet_consortium::Call::enact { call }) => allowed(call),
		RuntimeCall::Consortium(_) => true,
		RuntimeCall::Recovery(pallet_recovery::Call::control_inherited_account {
			call, ..
		}) => allowed(call),
		RuntimeCall::Recovery(_) => true,
		RuntimeCall::HealthIdentity(_)
		| RuntimeCall::Consent(_)
		| RuntimeCall::Records(_)
		| RuntimeCall::SupplyChain(_)
		| RuntimeCall::Claims(_)
		| RuntimeCall::ValidatorSet(_)
		| RuntimeCall::Balances(_) => true,
		_ => false,
	}
}

/// What one input did.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
	/// Blocks built.
	pub blocks: u32,
	/// Each call's pallet and name with its result: `ok`, a dispatch error, or the transaction
	/// validity error that kept it out of the block. New pairs are what the driver calls new
	/// behaviour.
	pub results: BTreeSet<(String, String)>,
	/// Each step's call and result, in order.
	pub trace: Vec<(String, String)>,
	/// Extrinsics dispatched (successfully or not).
	pub dispatched: u32,
	/// The largest ratio of an extrinsic's measured time to its charged weight, and its call.
	pub worst_time_to_weight: (f64, String),
}

/// Runs `steps` on a copy of `state` with `cast`, checking every invariant after each block.
/// Panics when one breaks.
pub fn run(state: &Storage, cast: &[Member], steps: &[Step]) -> Outcome {
	run_then(state, cast, steps, || ()).0
}

/// As [`run`], then `after` in the last block, before it is finished (what it dispatches is
/// checked with the rest).
pub fn run_then<R>(
	state: &Storage,
	cast: &[Member],
	steps: &[Step],
	after: impl FnOnce() -> R,
) -> (Outcome, R) {
	let mut outcome = Outcome::default();
	let answer = Unrooted::execute_on_copy(state, || {
		let mut issuance = Issuance::now();
		let mut block = System::block_number() + 1;
		let mut slot = u64::from(pallet_aura::CurrentSlot::<Runtime>::get()) + 1;
		let mut elapsed = timed(|| start_block(block, slot));
		for step in steps {
			if step.lapse > 0 {
				end_block(block, elapsed, &mut issuance, &mut outcome);
				block += 1;
				slot += u64::from(step.lapse).pow(2) * 100;
				elapsed = timed(|| start_block(block, slot));
			}
			let signer = &cast[usize::from(step.signer) % cast.len()];
			elapsed += apply(signer, &step.call, &mut outcome);
		}
		let answer = after();
		end_block(block, elapsed, &mut issuance, &mut outcome);
		answer
	});
	(outcome, answer)
}

/// A dispatch's result as the trace names it: `ok`, the pallet error's name, or the dispatch
/// error (`BadOrigin`, ...).
pub fn result_name(result: &Result<(), sp_runtime::DispatchError>) -> String {
	match result {
		Ok(()) => "ok".into(),
		Err(sp_runtime::DispatchError::Module(module)) => {
			module.message.map_or_else(|| format!("{module:?}"), Into::into)
		},
		Err(other) => format!("{other:?}"),
	}
}

/// Starts block `number` in `slot` (its Aura pre-digest and the timestamp inherent), running
/// every `on_initialize`.
pub fn start_block(number: u32, slot: u64) {
	let slot = Slot::from(slot);
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	let parent = System::parent_hash();
	Executive::initialize_block(&Header::new(number, H256::zero(), H256::zero(), parent, digest));
	Timestamp::set(RuntimeOrigin::none(), *slot * SLOT_DURATION).expect("the timestamp inherent");
}

/// Finishes the current block, running every `on_finalize`.
pub fn finish_block() {
	Executive::finalize_block();
}

/// The CPU time `f` takes.
fn timed(f: impl FnOnce()) -> Duration {
	let started = thread_cpu_time();
	f();
	thread_cpu_time().saturating_sub(started)
}

/// Whether measured times mean anything: not in a debug build.
fn timing_checked() -> bool {
	!cfg!(debug_assertions)
}

/// Finishes the block (its hooks timed with its extrinsics), then checks every invariant.
fn end_block(block: u32, elapsed: Duration, issuance: &mut Issuance, outcome: &mut Outcome) {
	let elapsed = elapsed + timed(finish_block);
	outcome.blocks += 1;
	assert!(
		!timing_checked() || elapsed <= BLOCK_TIME_LIMIT,
		"{OVER_TIME}block {block} took {elapsed:?} of CPU to build"
	);
	check_invariants(block);
	issuance.check(block);
}

/// Submits `call` signed by `signer` as a wallet would (immortal era, its next nonce, no tip)
/// through every transaction extension, the admission check among them; dispatches it if valid.
/// Returns the CPU time it took.
fn apply(signer: &Member, call: &RuntimeCall, outcome: &mut Outcome) -> Duration {
	let who = signer.account.clone();
	let nonce = frame_system::Account::<Runtime>::get(&who).nonce;
	let extension = caduceus_runtime::wallet_extension(nonce);
	// What the extrinsic weighs on the wire: the call, the signer, a signature, the extensions.
	let length = call.encoded_size() + 1 + 33 + 65 + extension.encoded_size();
	let name = call_name(call);
	let xt: CheckedExtrinsic<AccountId, RuntimeCall, TxExtension> = CheckedExtrinsic {
		format: ExtrinsicFormat::Signed(who, extension),
		function: call.clone(),
	};
	let info = xt.get_dispatch_info();
	// As a block builder does, nothing of a transaction the extensions refuse stays (a nonce
	// bumped before the weight limit refused it, say).
	sp_io::storage::start_transaction();
	let started = thread_cpu_time();
	let applied = xt.apply::<Runtime>(&info, length);
	let took = thread_cpu_time().saturating_sub(started);
	if applied.is_err() {
		sp_io::storage::rollback_transaction();
	} else {
		sp_io::storage::commit_transaction();
	}
	let result = match &applied {
		Err(invalid) => format!("Invalid({invalid:?})"),
		Ok(dispatched) => {
			System::note_applied_extrinsic(dispatched, info);
			outcome.dispatched += 1;
			let post = match dispatched {
				Ok(post) => *post,
				Err(error) => error.post_info,
			};
			check_weight(&name, &info.total_weight(), &post, took, outcome);
			result_name(&dispatched.map(|_| ()).map_err(|error| error.error))
		},
	};
	outcome.trace.push((name.clone(), result.clone()));
	outcome.results.insert((name, result));
	took
}

/// The CPU time this thread has used: unlike wall time, not inflated when the scheduler runs
/// something else (a loaded CI machine, a second campaign on the other core).
fn thread_cpu_time() -> Duration {
	let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
	// SAFETY: `now` is a valid, writable timespec; the clock exists on every Linux.
	let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
	assert_eq!(status, 0, "the thread CPU clock is readable");
	Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// An extrinsic never uses more than it declared: its actual weight (if it reports one) is at
/// most the declared weight, and the time it took at most what it is charged: the actual weight
/// it reports (a call charged by the path it took) or else the declared weight, and the
/// extrinsic base weight, which prices the transaction extensions' work
/// (`caduceus_runtime::extension_weights`).
fn check_weight(
	name: &str,
	declared: &Weight,
	post: &PostDispatchInfo,
	took: Duration,
	outcome: &mut Outcome,
) {
	if let Some(actual) = post.actual_weight {
		assert!(
			actual.all_lte(*declared),
			"{name} reported an actual weight {actual:?} above its declared {declared:?}"
		);
	}
	let charged = post.actual_weight.unwrap_or(*declared);
	let base = <Runtime as frame_system::Config>::BlockWeights::get()
		.get(frame_support::dispatch::DispatchClass::Normal)
		.base_extrinsic;
	// Weights count picoseconds of reference time.
	let budget = Duration::from_nanos(charged.saturating_add(base).ref_time() / 1_000);
	assert!(
		!timing_checked() || took <= budget + TIME_SLACK,
		"{OVER_TIME}{name} took {took:?} of CPU, charged {budget:?}"
	);
	if !budget.is_zero() {
		let ratio = took.as_secs_f64() / budget.as_secs_f64();
		if ratio > outcome.worst_time_to_weight.0 {
			outcome.worst_time_to_weight = (ratio, format!("{name} ({took:?} for {budget:?})"));
		}
	}
}

/// `Pallet.call`, from the call's metadata.
pub fn call_name(call: &RuntimeCall) -> String {
	use frame_support::traits::GetCallMetadata;
	let metadata = call.get_call_metadata();
	format!("{}.{}", metadata.pallet_name, metadata.function_name)
}

/// Every custom pallet's `try_state`, and the balances' books.
fn check_invariants(block: u32) {
	let checks: [(&str, fn() -> Result<(), sp_runtime::TryRuntimeError>); 6] = [
		("health identity", pallet_health_identity::Pallet::<Runtime>::do_try_state),
		("consent", pallet_consent::Pallet::<Runtime>::do_try_state),
		("records", pallet_records::Pallet::<Runtime>::do_try_state),
		("supply chain", pallet_supply_chain::Pallet::<Runtime>::do_try_state),
		("claims", pallet_claims::Pallet::<Runtime>::do_try_state),
		("validator set", pallet_validator_set::Pallet::<Runtime>::do_try_state),
	];
	for (pallet, check) in checks {
		if let Err(broken) = check() {
			panic!("after block {block}, the {pallet} pallet's try_state fails: {broken:?}");
		}
	}
	for (account, info) in frame_system::Account::<Runtime>::iter() {
		assert!(
			info.consumers == 0 || info.providers > 0,
			"after block {block}, {account} has consumers and no providers"
		);
		let held: Balance =
			pallet_balances::Holds::<Runtime>::get(&account).iter().map(|h| h.amount).sum();
		assert!(
			held <= info.data.reserved,
			"after block {block}, {account} holds {held} with {} reserved",
			info.data.reserved
		);
	}
}

/// The total issuance: always the sum of all balances; never more than before, except by a
/// consortium's decision (a root call enacted by the council).
struct Issuance(Balance);

impl Issuance {
	fn now() -> Self {
		Self(pallet_balances::TotalIssuance::<Runtime>::get())
	}

	fn check(&mut self, block: u32) {
		let total = pallet_balances::TotalIssuance::<Runtime>::get();
		let counted: Balance = frame_system::Account::<Runtime>::iter()
			.map(|(_, info)| info.data.free + info.data.reserved)
			.sum();
		assert_eq!(total, counted, "after block {block}, the issuance is not the sum of balances");
		let enacted = System::events().iter().any(|record| {
			matches!(
				record.event,
				RuntimeEvent::Consortium(pallet_consortium::Event::Enacted { .. })
			)
		});
		assert!(
			enacted || total <= self.0,
			"after block {block}, the issuance grew from {} to {total}",
			self.0
		);
		self.0 = total;
	}
}
