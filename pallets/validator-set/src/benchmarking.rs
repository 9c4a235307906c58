//! Benchmarks of every call at its worst case: full validator and node lists, every validator
//! with session keys and an organisation to look up.

use super::*;
use caduceus_primitives::{benchmarking::Participants, OrgId, OrgKind};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(<T as frame_system::Config>::RuntimeEvent::from(
		event,
	));
}

fn consortium<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// `n` validators with session keys, each of its own active organisation.
fn validators<T: Config>(n: u32) -> alloc::vec::Vec<(T::AccountId, OrgId)> {
	let validators: alloc::vec::Vec<_> = (0..n)
		.map(|i| {
			let validator: T::AccountId = account("validator", i, 0);
			T::BenchmarkHelper::set_session_keys(&validator);
			(validator, T::BenchmarkHelper::organisation(OrgKind::Hospital))
		})
		.collect();
	Validators::<T>::put(BoundedVec::try_from(validators.clone()).expect("at most the bound"));
	MinValidators::<T>::put(1);
	validators
}

/// The PeerId of node `i`.
fn peer_id(i: u32) -> PeerId {
	let mut bytes = NODE_PEER_ID_PREFIX.to_vec();
	bytes.extend(i.to_le_bytes());
	bytes.resize(NODE_PEER_ID_PREFIX.len() + 32, 0);
	bytes.try_into().expect("38 bytes")
}

/// `n` allow-listed nodes of one organisation, returned.
fn nodes<T: Config>(n: u32) -> OrgId {
	let organisation = T::BenchmarkHelper::organisation(OrgKind::Hospital);
	let nodes: alloc::vec::Vec<_> = (0..n).map(|i| (peer_id(i), organisation)).collect();
	Nodes::<T>::put(BoundedVec::try_from(nodes).expect("at most the bound"));
	organisation
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		validators::<T>(T::MaxValidators::get() - 1);
		let validator: T::AccountId = account("newcomer", 0, 0);
		let organisation = T::BenchmarkHelper::organisation(OrgKind::Laboratory);
		let origin = consortium::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, validator.clone(), organisation);

		assert_last_event::<T>(Event::ValidatorAdded { validator, organisation });
		Ok(())
	}

	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let admitted = validators::<T>(T::MaxValidators::get());
		let (validator, organisation) = admitted.last().cloned().expect("at least one");
		let origin = consortium::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, validator.clone());

		assert_last_event::<T>(Event::ValidatorRemoved { validator, organisation });
		Ok(())
	}

	#[benchmark]
	fn set_min_validators() -> Result<(), BenchmarkError> {
		let maximum = T::MaxValidators::get();
		validators::<T>(maximum);
		let origin = consortium::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maximum);

		assert_last_event::<T>(Event::MinValidatorsSet { minimum: maximum });
		Ok(())
	}

	#[benchmark]
	fn set_session_length() -> Result<(), BenchmarkError> {
		let blocks = T::MaxSessionLength::get();
		let origin = consortium::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, blocks);

		assert_last_event::<T>(Event::SessionLengthSet { blocks });
		Ok(())
	}

	#[benchmark]
	fn add_node() -> Result<(), BenchmarkError> {
		let organisation = nodes::<T>(T::MaxNodes::get() - 1);
		let peer_id = peer_id(T::MaxNodes::get());
		let origin = consortium::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, peer_id.clone(), organisation);

		assert_last_event::<T>(Event::NodeAdded { peer_id, organisation });
		Ok(())
	}

	/// By the organisation's admin, who is looked up.
	#[benchmark]
	fn remove_node() {
		let organisation = nodes::<T>(T::MaxNodes::get());
		let admin = T::BenchmarkHelper::admin(organisation);
		let peer_id = peer_id(T::MaxNodes::get() - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), peer_id.clone());

		assert_last_event::<T>(Event::NodeRemoved { peer_id, organisation });
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
