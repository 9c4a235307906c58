//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::{adjudication, *};
use alloc::collections::BTreeMap;
use frame_support::ensure;
use sp_runtime::{traits::Saturating, TryRuntimeError};

type Totals<T> = (BalanceOf<T>, BalanceOf<T>, BalanceOf<T>, BTreeMap<ServiceCode, u32>);

impl<T: Config> Pallet<T> {
	/// - every line balances: benefit plus adjustments is the charge;
	/// - the accumulators are the sums of the adjudicated claims' lines (deductible, out of
	///   pocket, benefit, units per code), per patient, plan and plan year;
	/// - a claim never paid more than its benefit; paid claims are paid in full, waiting ones
	///   not; every claim in an insurer's queue waits and is that insurer's;
	/// - each pool's recorded amount is what the currency holds for it: no pool pays from
	///   nothing;
	/// - no prior authorisation is drawn beyond its approved units.
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
					*entry.3.entry(result.code.clone()).or_default() += result.allowed_units;
				}
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
		for (insurer, queue) in Unpaid::<T>::iter() {
			for id in queue {
				let claim = Filed::<T>::get(id).ok_or("a queued claim does not exist")?;
				ensure!(claim.payment == Payment::Unpaid, "a queued claim does not wait");
				let plan = Plans::<T>::get(claim.plan).ok_or("a claim's plan does not exist")?;
				ensure!(plan.insurer == insurer, "a claim waits in another insurer's queue");
			}
		}
		for (insurer, (_, held)) in Pools::<T>::iter() {
			ensure!(Self::pool_balance(insurer) == held, "a pool's record differs from its hold");
		}
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
