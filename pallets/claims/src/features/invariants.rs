//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::{adjudication, *};
use alloc::collections::BTreeMap;
use caduceus_primitives::Registry;
use frame_support::ensure;
use sp_runtime::{traits::Saturating, SaturatedConversion, TryRuntimeError};

type Totals<T> = (BalanceOf<T>, BalanceOf<T>, BalanceOf<T>, BTreeMap<ServiceCode, u32>);

impl<T: Config> Pallet<T> {
	/// - every line balances: benefit plus adjustments is the charge;
	/// - the accumulators are the sums of the adjudicated claims' lines (deductible, out of
	///   pocket, benefit, units per code), per patient, plan and plan year;
	/// - a claim never paid more than its benefit; paid claims are paid in full, waiting ones
	///   not; every claim in an insurer's queue waits and is that insurer's;
	/// - every coverage is a registered patient's (a claim under a coverage does not ask the
	///   registry again);
	/// - no prior authorisation is drawn beyond its approved units;
	/// - every waiting claim is in its insurer's queue, once, owed what it still owes, and each
	///   queue's links and total are right;
	/// - a drug unit is approved on one line only, and each provider's count of billed units is
	///   its standing lines' units; every claim with a standing line of a service is indexed
	///   for it (with one such line), and no other; a service (patient, provider, day, code) is
	///   approved on one line only, unless a claims officer reviewed the claim of the others,
	///   and never twice with the same units and charge.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut totals: BTreeMap<((PatientId, PlanId), PlanYear), Totals<T>> = BTreeMap::new();
		for (_, claim) in Filed::<T>::iter() {
			let key = ((claim.patient, claim.plan), plan_year(claim.date_of_service));
			let entry = totals.entry(key).or_default();
			for result in &claim.results {
				ensure!(adjudication::balances(result), "a line does not balance");
				entry.0.saturating_accrue(result.deductible);
				entry.1.saturating_accrue(
					result
						.deductible
						.saturating_add(result.copay)
						.saturating_add(result.coinsurance),
				);
				entry.2.saturating_accrue(result.benefit);
				if result.allowed_units > 0 {
					entry
						.3
						.entry(result.code.clone())
						.or_default()
						.saturating_accrue(result.allowed_units);
				}
			}
			ensure!(claim.line_states.len() == claim.lines.len(), "a line has no state");
			for (state, result) in claim.line_states.iter().zip(&claim.results) {
				ensure!(
					!state.paid || result.decision == LineDecision::Approved,
					"a line not approved is marked paid"
				);
			}
			let benefit = Self::total_benefit(&claim);
			ensure!(claim.paid <= benefit, "a claim was paid more than its benefit");
			match claim.payment {
				Payment::Paid => ensure!(claim.paid == benefit, "a paid claim still owes"),
				Payment::Unpaid => ensure!(claim.paid < benefit, "a waiting claim owes nothing"),
				_ => {},
			}
		}
		type YearUnits = BTreeMap<((PatientId, PlanId), PlanYear), BTreeMap<ServiceCode, u32>>;
		let mut recorded_units = YearUnits::new();
		for (key, code, used) in UnitsUsed::<T>::iter() {
			recorded_units.entry(key).or_default().insert(code, used);
		}
		for (key, year, accumulator) in Accumulators::<T>::iter() {
			let (deductible, out_of_pocket, benefit, units) =
				totals.remove(&(key, year)).unwrap_or_default();
			ensure!(
				accumulator.deductible_met == deductible
					&& accumulator.out_of_pocket == out_of_pocket
					&& accumulator.benefit_used == benefit,
				"an accumulator differs from its claims"
			);
			let recorded = recorded_units.remove(&(key, year)).unwrap_or_default();
			ensure!(recorded == units, "the units used differ from the claims'");
		}
		ensure!(recorded_units.is_empty(), "units used without an accumulator");
		ensure!(
			totals
				.values()
				.all(|(d, o, b, u)| d.is_zero() && o.is_zero() && b.is_zero() && u.is_empty()),
			"claims accumulated nowhere"
		);
		Self::check_queues()?;
		Self::check_claims_listed()?;
		for (patient, _) in Coverages::<T>::iter_keys() {
			ensure!(T::Registry::is_patient(patient), "a coverage of no registered patient");
		}
		Self::check_paid_once()?;
		Self::check_units_billed()?;
		Self::check_services_indexed()?;
		for (_, authorisation) in PriorAuthorisations::<T>::iter() {
			ensure!(
				authorisation.units_used <= authorisation.units_approved,
				"an authorisation was drawn beyond its units"
			);
		}
		Ok(())
	}
}

use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Every claim is listed under its patient, provider and insurer, and nothing else is.
	fn check_claims_listed() -> Result<(), TryRuntimeError> {
		use caduceus_primitives::paging::NewestFirstKey;
		let mut claims = 0usize;
		for (id, claim) in Filed::<T>::iter() {
			claims.saturating_inc();
			let insurer = Plans::<T>::get(claim.plan).map(|plan| plan.insurer);
			let insurer = insurer.ok_or("a claim's plan is unknown")?;
			for party in Self::parties(claim.patient, claim.provider, insurer) {
				ensure!(
					ClaimsOf::<T>::contains_key(party, NewestFirstKey::of(id)),
					"a claim is not listed under one of its parties"
				);
			}
		}
		ensure!(
			ClaimsOf::<T>::iter_keys().count() == claims.saturating_mul(3),
			"a party lists a claim not its own"
		);
		Ok(())
	}

	/// Walks every insurer's queue from first to last.
	fn check_queues() -> Result<(), TryRuntimeError> {
		let mut visited = 0usize;
		let entries = Queue::<T>::iter().count();
		for (insurer, ends) in QueueEnds::<T>::iter() {
			let (mut at, mut ahead) = (Some(ends.first), None);
			let mut owed = BalanceOf::<T>::zero();
			while let Some(id) = at {
				let entry = Queue::<T>::get(id).ok_or("a queued claim has no entry")?;
				ensure!(entry.ahead == ahead, "a queue's links are broken");
				let claim = Filed::<T>::get(id).ok_or("a queued claim does not exist")?;
				ensure!(claim.payment == Payment::Unpaid, "a queued claim does not wait");
				let plan = Plans::<T>::get(claim.plan).ok_or("a claim's plan does not exist")?;
				ensure!(plan.insurer == insurer, "a claim waits in another insurer's queue");
				ensure!(
					entry.owed == Self::total_benefit(&claim).saturating_sub(claim.paid),
					"a queued claim is owed the wrong amount"
				);
				owed.saturating_accrue(entry.owed);
				visited.saturating_inc();
				ensure!(visited <= entries, "a queue loops");
				if entry.behind.is_none() {
					ensure!(ends.last == id, "a queue's last claim is wrong");
				}
				(ahead, at) = (Some(id), entry.behind);
			}
			ensure!(Owed::<T>::get(insurer) == owed, "an insurer's owed total is wrong");
		}
		ensure!(visited == entries, "a queue entry is in no queue");
		for (id, claim) in Filed::<T>::iter() {
			if claim.payment == Payment::Unpaid {
				ensure!(Queue::<T>::contains_key(id), "a waiting claim is not queued");
			}
		}
		for (insurer, owed) in Owed::<T>::iter() {
			ensure!(
				owed.is_zero() || QueueEnds::<T>::contains_key(insurer),
				"an empty queue is owed something"
			);
		}
		Ok(())
	}

	/// Every billed unit is held by a standing line of its claim, and each provider's count of
	/// billed units is its entries.
	fn check_units_billed() -> Result<(), TryRuntimeError> {
		let mut billed = BTreeMap::<OrgId, u64>::new();
		for (unit, id) in UnitsClaimed::<T>::iter() {
			let claim = Filed::<T>::get(id).ok_or("a unit is billed by no claim")?;
			let held = claim.lines.iter().zip(&claim.results).any(|(line, result)| {
				line.drug_unit == Some(unit) && result.decision != LineDecision::Denied
			});
			ensure!(held, "a unit is billed by no standing line");
			billed.entry(claim.provider).or_default().saturating_inc();
		}
		let counted: BTreeMap<OrgId, u64> =
			UnitsBilled::<T>::iter().filter(|(_, count)| *count > 0).collect();
		ensure!(counted == billed, "a provider's count of billed units is wrong");
		Ok(())
	}

	/// Every claim with a standing line of a service is indexed for the service once, with the
	/// units and charge of one of those lines, and no other claim is.
	pub(crate) fn check_services_indexed() -> Result<(), TryRuntimeError> {
		let mut expected = 0usize;
		for (id, claim) in Filed::<T>::iter() {
			let key = (
				claim.patient,
				claim.provider,
				crate::features::claims::day(claim.date_of_service),
			);
			let standing: alloc::vec::Vec<_> = claim
				.lines
				.iter()
				.zip(&claim.results)
				.filter(|(_, result)| result.decision != LineDecision::Denied)
				.map(|(line, _)| line)
				.collect();
			let mut codes = alloc::collections::BTreeSet::new();
			for line in &standing {
				if !codes.insert(line.code.clone()) {
					continue;
				}
				expected.saturating_inc();
				let entries = ServicesClaimed::<T>::get(key, &line.code);
				let mut own = entries.iter().filter(|(claim, _, _)| *claim == id);
				let (_, units, charged) =
					own.next().ok_or("a standing line's service is not indexed")?;
				ensure!(own.next().is_none(), "a claim is indexed twice for a service");
				ensure!(
					standing
						.iter()
						.any(|l| l.code == line.code && l.units == *units && l.charged == *charged),
					"a service is indexed with units or a charge no standing line has"
				);
			}
		}
		let indexed: usize = ServicesClaimed::<T>::iter_values().map(|claims| claims.len()).sum();
		ensure!(
			indexed == expected,
			"a service is indexed for a claim without a standing line of it"
		);
		Ok(())
	}

	/// No drug unit and no service is paid twice.
	fn check_paid_once() -> Result<(), TryRuntimeError> {
		type Service = (PatientId, OrgId, u64, ServiceCode);
		let mut units = alloc::collections::BTreeSet::<UnitToken>::new();
		let mut services = BTreeMap::<Service, alloc::vec::Vec<(u32, u128, bool)>>::new();
		for (_, claim) in Filed::<T>::iter() {
			let reviewed = claim.decisions.iter().any(|d| d.by == DecidedBy::Review);
			let day = claim.date_of_service.saturating_div(caduceus_primitives::DAY_MS);
			for (line, result) in claim.lines.iter().zip(&claim.results) {
				if result.decision != LineDecision::Approved {
					continue;
				}
				if let Some(unit) = line.drug_unit {
					ensure!(units.insert(unit), "a drug unit was approved twice");
				}
				let charged: u128 = line.charged.saturated_into();
				services
					.entry((claim.patient, claim.provider, day, line.code.clone()))
					.or_default()
					.push((line.units, charged, reviewed));
			}
		}
		for lines in services.values() {
			for (i, (units, charged, _)) in lines.iter().enumerate() {
				let twin = lines.iter().take(i).any(|(u, c, _)| u == units && c == charged);
				ensure!(!twin, "a service was approved twice with the same units and charge");
			}
			let unreviewed = lines.iter().filter(|(_, _, reviewed)| !reviewed).count();
			ensure!(unreviewed <= 1, "a service was approved twice without review");
		}
		Ok(())
	}
}
