//! The authorisation matrix: every call of the custom pallets, submitted by every member of the
//! fuzzer's cast (signed, through every transaction extension, the admission check included)
//! and from root, the consortium (a two-thirds council motion) and no origin at all, each on a
//! fresh copy of the same state: the expected success or the named error, cell by cell. The
//! calls are listed from the runtime's metadata: a call without a row fails the test.
//!
//! A row gives the call, the steps that set up the state it acts on (each must succeed), who may
//! make it, what everyone else gets, and the exceptions. Unless a row says otherwise: root, the
//! consortium and no origin get `BadOrigin`, and the strangers (who are no participants) are
//! refused by the admission check (`NotAParticipant`) before the call is dispatched.

mod authorisation {
	pub mod claims;
	pub mod consent;
	pub mod governance;
	pub mod identity;
	pub mod records;
	pub mod supply_chain;
}

use caduceus_fuzz::{
	cast::{cast, initial_state, who::*},
	result_name, run_then, Step,
};
use caduceus_runtime::{AccountId, RuntimeCall, RuntimeOrigin};
use sp_runtime::traits::Dispatchable;
use std::collections::BTreeSet;

/// Who makes a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
	/// A member of the cast, signed (an index of `caduceus_fuzz::cast::who`).
	Member(u8),
	/// Root: what the consortium's `enact` dispatches with.
	Root,
	/// The consortium: a council motion passed by two thirds of the members.
	Consortium,
	/// No origin (an unsigned extrinsic or an inherent).
	Unsigned,
}

/// One row of the matrix.
pub struct Row {
	/// The call.
	pub call: RuntimeCall,
	/// Steps run first, by their signers; each must succeed.
	pub setup: Vec<Step>,
	/// Who may make it: they get `ok`.
	pub may: Vec<Caller>,
	/// What every other signed member gets: a pallet error's name (`NotAnAdmin`), `BadOrigin`,
	/// or an admission refusal (`NotAParticipant`).
	pub others: &'static str,
	/// Exceptions to the above: (caller, what it gets).
	pub except: Vec<(Caller, &'static str)>,
}

/// A row for `call`, which nobody may make until said otherwise.
pub fn row(call: RuntimeCall) -> Row {
	Row { call, setup: Vec::new(), may: Vec::new(), others: "BadOrigin", except: Vec::new() }
}

impl Row {
	/// Steps that set up the state, by their signers (all in the same block as the call).
	pub fn setup(mut self, steps: Vec<(u8, RuntimeCall)>) -> Self {
		self.setup =
			steps.into_iter().map(|(signer, call)| Step { lapse: 0, signer, call }).collect();
		self
	}
	/// These members may make the call.
	pub fn may(mut self, members: &[u8]) -> Self {
		self.may.extend(members.iter().map(|m| Caller::Member(*m)));
		self
	}
	/// Root and the consortium may make the call.
	pub fn consortium(mut self) -> Self {
		self.may.extend([Caller::Root, Caller::Consortium]);
		self
	}
	/// Every other signed member gets `error`.
	pub fn others(mut self, error: &'static str) -> Self {
		self.others = error;
		self
	}
	/// `members` get `error` instead.
	pub fn except(mut self, members: &[u8], error: &'static str) -> Self {
		self.except.extend(members.iter().map(|m| (Caller::Member(*m), error)));
		self
	}
	/// `caller` (root, the consortium, no origin) gets `error` instead.
	pub fn except_origin(mut self, caller: Caller, error: &'static str) -> Self {
		self.except.push((caller, error));
		self
	}

	fn expected(&self, caller: Caller) -> &'static str {
		if let Some((_, error)) = self.except.iter().find(|(c, _)| *c == caller) {
			return error;
		}
		if self.may.contains(&caller) {
			return "ok";
		}
		match caller {
			Caller::Member(FUNDED_STRANGER | UNFUNDED_STRANGER) => "NotAParticipant",
			Caller::Member(_) => self.others,
			_ => "BadOrigin",
		}
	}
}

/// Setup: the council's motion number `index` (the initial state has none) making `proposal`
/// as the consortium (`Members(2, 2)`): the hospital's admin proposes it with a threshold of
/// two, both members vote for it, the hospital's admin closes it.
pub fn motion(index: u32, proposal: RuntimeCall) -> Vec<(u8, RuntimeCall)> {
	use frame_support::dispatch::GetDispatchInfo;
	use sp_runtime::traits::Hash;
	type Council = pallet_collective::Call<caduceus_runtime::Runtime, pallet_collective::Instance1>;
	let hash = <caduceus_runtime::Runtime as frame_system::Config>::Hashing::hash_of(&proposal);
	let length_bound = codec::Encode::encoded_size(&proposal) as u32;
	let proposal_weight_bound = proposal.get_dispatch_info().call_weight;
	let vote = |member| {
		(member, RuntimeCall::Council(Council::vote { proposal: hash, index, approve: true }))
	};
	let propose = Council::propose { threshold: 2, proposal: Box::new(proposal), length_bound };
	let close = Council::close { proposal_hash: hash, index, proposal_weight_bound, length_bound };
	vec![
		(HOSPITAL_ADMIN, RuntimeCall::Council(propose)),
		vote(HOSPITAL_ADMIN),
		vote(LAB_ADMIN),
		(HOSPITAL_ADMIN, RuntimeCall::Council(close)),
	]
}

/// A transaction extension's refusal, by name: the admission check's, a payment the signer
/// cannot make, or the validity error itself.
fn refusal(invalid: &str) -> String {
	let code = caduceus_runtime::admission::NOT_A_PARTICIPANT;
	if invalid.contains(&format!("Custom({code})")) {
		"NotAParticipant".into()
	} else if invalid.contains("Payment") {
		"CannotPay".into()
	} else {
		invalid.into()
	}
}

fn origin(caller: Caller) -> RuntimeOrigin {
	match caller {
		Caller::Root => RuntimeOrigin::root(),
		Caller::Consortium => {
			pallet_collective::RawOrigin::<AccountId, pallet_collective::Instance1>::Members(2, 2)
				.into()
		},
		Caller::Unsigned => RuntimeOrigin::none(),
		Caller::Member(_) => unreachable!("members sign"),
	}
}

fn all_rows() -> Vec<Row> {
	use authorisation::*;
	[
		identity::rows(),
		consent::rows(),
		records::rows(),
		supply_chain::rows(),
		claims::rows(),
		governance::rows(),
	]
	.into_iter()
	.flatten()
	.collect()
}

/// "Pallet.call" of every call of the custom pallets, from the metadata.
fn custom_calls() -> BTreeSet<String> {
	use caduceus_fuzz::generate::{call_registry, CUSTOM_PALLETS};
	use scale_info::{form::PortableForm, TypeDef};
	let (registry, id) = call_registry();
	let variants = |id: u32| -> Vec<scale_info::Variant<PortableForm>> {
		match &registry.resolve(id).expect("registered").type_def {
			TypeDef::Variant(v) => v.variants.clone(),
			_ => Vec::new(),
		}
	};
	variants(id)
		.into_iter()
		.filter(|pallet| CUSTOM_PALLETS.contains(&pallet.name.as_str()))
		.flat_map(|pallet| {
			let calls = variants(pallet.fields[0].ty.id);
			calls.into_iter().map(move |call| format!("{}.{}", pallet.name, call.name))
		})
		.collect()
}

#[test]
fn every_call_by_every_role_gets_the_expected_answer() {
	let (cast, state) = (cast(), initial_state());
	let rows = all_rows();
	let covered: BTreeSet<String> =
		rows.iter().map(|r| caduceus_fuzz::execute::call_name(&r.call)).collect();
	let missing: Vec<_> = custom_calls().difference(&covered).cloned().collect();

	let callers: Vec<Caller> = (0..cast.len() as u8)
		.map(Caller::Member)
		.chain([Caller::Root, Caller::Consortium, Caller::Unsigned])
		.collect();
	let mut wrong = Vec::new();
	let mut cells = 0;
	for row in &rows {
		let name = caduceus_fuzz::execute::call_name(&row.call);
		for caller in &callers {
			cells += 1;
			let mut steps = row.setup.clone();
			let got = match caller {
				Caller::Member(member) => {
					steps.push(Step { lapse: 0, signer: *member, call: row.call.clone() });
					let (outcome, ()) = run_then(&state, &cast, &steps, || ());
					let setup_failed =
						outcome.trace[..row.setup.len()].iter().find(|(_, r)| r != "ok");
					if let Some((call, result)) = setup_failed {
						wrong.push(format!("{name}: setup {call} failed: {result}"));
						break;
					}
					let (_, result) = outcome.trace.last().expect("the call ran").clone();
					if let Some(invalid) = result.strip_prefix("Invalid(") {
						refusal(invalid)
					} else {
						result
					}
				},
				origin_caller => {
					let (_, result) = run_then(&state, &cast, &steps, || {
						row.call
							.clone()
							.dispatch(origin(*origin_caller))
							.map(|_| ())
							.map_err(|e| e.error)
					});
					result_name(&result)
				},
			};
			let expected = row.expected(*caller);
			if got != expected {
				let who = match caller {
					Caller::Member(m) => cast[usize::from(*m)].role.to_string(),
					other => format!("{other:?}"),
				};
				wrong.push(format!("{name} by {who}: expected {expected}, got {got}"));
			}
		}
	}
	println!("{} rows, {cells} cells", rows.len());
	assert!(
		missing.is_empty() && wrong.is_empty(),
		"calls without a row: {missing:?}\n{} cells wrong:\n{}",
		wrong.len(),
		wrong.join("\n")
	);
}
