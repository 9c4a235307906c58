//! What the consortium and the chain see: validators entering and leaving at session
//! boundaries, the floor, suspended organisations' validators leaving, the allow-list.

use crate::{mock::*, Error, Event, MinValidators, Nodes, Planned, SessionLength};
use caduceus_primitives::{doubles::TestRegistry, OrgKind, OrgStatus};
use frame_support::{assert_noop, assert_ok, traits::EstimateNextSessionRotation};
use sp_runtime::{testing::UintAuthorityId, DispatchError, Permill};

/// Runs `test` on the genesis state, then checks the pallet's invariants.
fn with_chain(test: impl FnOnce()) {
	caduceus_primitives::harness::run_checked(new_test_ext(), test, ValidatorSet::do_try_state);
}

fn council() -> RuntimeOrigin {
	RuntimeOrigin::signed(Council::get())
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::ValidatorSet(e) => Some(e),
			_ => None,
		})
		.expect("an event of the pallet")
}

fn suspend(organisation: caduceus_primitives::OrgId, kind: OrgKind) {
	TestRegistry::set_organisation(organisation, kind, OrgStatus::Suspended);
}

fn set_keys(validator: u64) {
	assert_ok!(Session::set_keys(
		RuntimeOrigin::signed(validator),
		UintAuthorityId(validator),
		vec![]
	));
}

#[test]
fn genesis_validators_are_in_force() {
	with_chain(|| {
		assert_eq!(authorities(), vec![1, 2, 3, 4]);
		assert_eq!(Planned::<Test>::get().into_inner(), vec![1, 2, 3, 4]);
		assert_eq!(MinValidators::<Test>::get(), 3);
	})
}

#[test]
fn sessions_end_after_the_session_length() {
	with_chain(|| {
		run_to_block(SESSION - 1);
		assert_eq!(Session::current_index(), 0);
		run_to_block(SESSION);
		assert_eq!(Session::current_index(), 1);
		run_to_block(2 * SESSION);
		assert_eq!(Session::current_index(), 2);
	})
}

#[test]
fn an_added_validator_validates_from_the_session_after_next() {
	with_chain(|| {
		assert_ok!(ValidatorSet::add_validator(council(), 5, LAB));
		assert_eq!(last_event(), Event::ValidatorAdded { validator: 5, organisation: LAB });
		run_to_session(1);
		assert_eq!(
			last_event(),
			Event::ValidatorsPlanned {
				session: 2,
				validators: vec![1, 2, 3, 4, 5].try_into().unwrap()
			}
		);
		assert_eq!(authorities(), vec![1, 2, 3, 4]);
		run_to_session(2);
		assert_eq!(authorities(), vec![1, 2, 3, 4, 5]);
	})
}

#[test]
fn a_validator_without_session_keys_waits_for_them() {
	with_chain(|| {
		assert_ok!(ValidatorSet::add_validator(council(), 6, LAB));
		run_to_session(3);
		assert_eq!(authorities(), vec![1, 2, 3, 4]);
		set_keys(6);
		run_to_session(5);
		assert_eq!(authorities(), vec![1, 2, 3, 4, 6]);
	})
}

#[test]
fn add_validator_errors() {
	with_chain(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(HOSPITAL_ADMIN), 5, LAB),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::add_validator(council(), 5, 77),
			Error::<Test>::OrganisationNotActive
		);
		suspend(LAB, OrgKind::Laboratory);
		assert_noop!(
			ValidatorSet::add_validator(council(), 5, LAB),
			Error::<Test>::OrganisationNotActive
		);
		assert_noop!(
			ValidatorSet::add_validator(council(), 1, INSURER),
			Error::<Test>::AlreadyValidator
		);
		assert_ok!(ValidatorSet::add_validator(council(), 5, HOSPITAL));
		assert_ok!(ValidatorSet::add_validator(council(), 6, HOSPITAL));
		assert_noop!(
			ValidatorSet::add_validator(council(), 7, HOSPITAL),
			Error::<Test>::TooManyValidators
		);
	})
}

#[test]
fn a_removed_validator_leaves_at_the_session_after_next() {
	with_chain(|| {
		assert_ok!(ValidatorSet::remove_validator(council(), 4));
		assert_eq!(last_event(), Event::ValidatorRemoved { validator: 4, organisation: PHARMACY });
		run_to_session(1);
		assert_eq!(authorities(), vec![1, 2, 3, 4]);
		run_to_session(2);
		assert_eq!(authorities(), vec![1, 2, 3]);
	})
}

#[test]
fn removal_never_breaches_the_floor() {
	with_chain(|| {
		assert_ok!(ValidatorSet::remove_validator(council(), 4));
		assert_noop!(ValidatorSet::remove_validator(council(), 3), Error::<Test>::BelowMinimum);
		assert_noop!(ValidatorSet::remove_validator(council(), 4), Error::<Test>::NotValidator);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(HOSPITAL_ADMIN), 3),
			DispatchError::BadOrigin
		);
	})
}

#[test]
fn removal_counts_only_validators_that_can_validate() {
	with_chain(|| {
		// With the pharmacy suspended three validators can validate: the floor. Removing one of
		// them would breach it; removing the pharmacy's, which cannot validate, would not.
		suspend(PHARMACY, OrgKind::Pharmacy);
		assert_noop!(ValidatorSet::remove_validator(council(), 3), Error::<Test>::BelowMinimum);
		assert_ok!(ValidatorSet::remove_validator(council(), 4));
		// Three admitted: the floor; not even a suspended one's may go now.
		assert_ok!(ValidatorSet::add_validator(council(), 5, LAB));
		suspend(LAB, OrgKind::Laboratory);
		assert_noop!(ValidatorSet::remove_validator(council(), 3), Error::<Test>::BelowMinimum);
	})
}

#[test]
fn a_suspended_organisations_validators_leave_and_come_back() {
	with_chain(|| {
		assert_ok!(ValidatorSet::set_min_validators(council(), 2));
		suspend(HOSPITAL, OrgKind::Hospital);
		run_to_session(2);
		assert_eq!(authorities(), vec![3, 4]);
		TestRegistry::set_organisation(HOSPITAL, OrgKind::Hospital, OrgStatus::Active);
		run_to_session(4);
		assert_eq!(authorities(), vec![1, 2, 3, 4]);
	})
}

#[test]
fn the_set_in_force_is_kept_when_suspensions_would_breach_the_floor() {
	with_chain(|| {
		suspend(HOSPITAL, OrgKind::Hospital);
		run_to_session(1);
		assert_eq!(last_event(), Event::FloorHeld { session: 2, eligible: 2 });
		run_to_session(3);
		assert_eq!(authorities(), vec![1, 2, 3, 4]);
	})
}

#[test]
fn set_min_validators_within_the_validators_in_force() {
	with_chain(|| {
		assert_ok!(ValidatorSet::set_min_validators(council(), 4));
		assert_eq!(last_event(), Event::MinValidatorsSet { minimum: 4 });
		assert_noop!(ValidatorSet::set_min_validators(council(), 0), Error::<Test>::InvalidMinimum);
		assert_noop!(ValidatorSet::set_min_validators(council(), 5), Error::<Test>::InvalidMinimum);
		suspend(PHARMACY, OrgKind::Pharmacy);
		assert_noop!(ValidatorSet::set_min_validators(council(), 4), Error::<Test>::InvalidMinimum);
		assert_noop!(
			ValidatorSet::set_min_validators(RuntimeOrigin::signed(1), 3),
			DispatchError::BadOrigin
		);
	})
}

#[test]
fn session_length_changes_from_the_current_session() {
	with_chain(|| {
		assert_ok!(ValidatorSet::set_session_length(council(), 2));
		assert_eq!(last_event(), Event::SessionLengthSet { blocks: 2 });
		run_to_block(2);
		assert_eq!(Session::current_index(), 1);
		run_to_block(4);
		assert_eq!(Session::current_index(), 2);
		assert_noop!(
			ValidatorSet::set_session_length(council(), 1),
			Error::<Test>::InvalidSessionLength
		);
		assert_noop!(
			ValidatorSet::set_session_length(council(), 101),
			Error::<Test>::InvalidSessionLength
		);
		assert_noop!(
			ValidatorSet::set_session_length(RuntimeOrigin::signed(1), 10),
			DispatchError::BadOrigin
		);
		assert_eq!(SessionLength::<Test>::get(), 2);
	})
}

#[test]
fn the_next_rotation_is_estimated_from_the_session_length() {
	with_chain(|| {
		run_to_block(3);
		assert_eq!(ValidatorSet::average_session_length(), SESSION);
		assert_eq!(ValidatorSet::estimate_next_session_rotation(3).0, Some(SESSION));
		assert_eq!(
			ValidatorSet::estimate_current_session_progress(3).0,
			Some(Permill::from_percent(60))
		);
	})
}

#[test]
fn nodes_are_added_by_the_consortium() {
	with_chain(|| {
		assert_ok!(ValidatorSet::add_node(council(), peer(3), INSURER));
		assert_eq!(last_event(), Event::NodeAdded { peer_id: peer(3), organisation: INSURER });
		assert_eq!(ValidatorSet::allowed_nodes(), Some(vec![peer(1), peer(2), peer(3)]));
	})
}

#[test]
fn add_node_errors() {
	with_chain(|| {
		assert_noop!(
			ValidatorSet::add_node(RuntimeOrigin::signed(HOSPITAL_ADMIN), peer(3), HOSPITAL),
			DispatchError::BadOrigin
		);
		let mut not_a_node = peer(3);
		not_a_node[2] = 0x00; // an RSA key's PeerId, say
		assert_noop!(
			ValidatorSet::add_node(council(), not_a_node, INSURER),
			Error::<Test>::InvalidPeerId
		);
		assert_noop!(
			ValidatorSet::add_node(council(), vec![1, 2, 3].try_into().unwrap(), INSURER),
			Error::<Test>::InvalidPeerId
		);
		assert_noop!(
			ValidatorSet::add_node(council(), peer(3), 77),
			Error::<Test>::OrganisationNotActive
		);
		assert_noop!(
			ValidatorSet::add_node(council(), peer(1), INSURER),
			Error::<Test>::NodeAlreadyListed
		);
		assert_ok!(ValidatorSet::add_node(council(), peer(3), INSURER));
		assert_ok!(ValidatorSet::add_node(council(), peer(4), INSURER));
		assert_noop!(
			ValidatorSet::add_node(council(), peer(5), INSURER),
			Error::<Test>::TooManyNodes
		);
	})
}

#[test]
fn nodes_are_removed_by_the_consortium_or_their_organisations_admin() {
	with_chain(|| {
		assert_ok!(ValidatorSet::add_node(council(), peer(3), INSURER));
		assert_ok!(ValidatorSet::remove_node(RuntimeOrigin::signed(HOSPITAL_ADMIN), peer(1)));
		assert_eq!(last_event(), Event::NodeRemoved { peer_id: peer(1), organisation: HOSPITAL });
		assert_noop!(
			ValidatorSet::remove_node(RuntimeOrigin::signed(HOSPITAL_ADMIN), peer(3)),
			Error::<Test>::NotNodeOperator
		);
		assert_noop!(
			ValidatorSet::remove_node(RuntimeOrigin::none(), peer(3)),
			DispatchError::BadOrigin
		);
		assert_noop!(ValidatorSet::remove_node(council(), peer(1)), Error::<Test>::NodeNotListed);
		assert_ok!(ValidatorSet::remove_node(council(), peer(3)));
		assert_noop!(ValidatorSet::remove_node(council(), peer(2)), Error::<Test>::LastNode);
		assert_eq!(Nodes::<Test>::get().len(), 1);
	})
}

#[test]
fn a_suspended_organisations_nodes_are_not_allowed() {
	with_chain(|| {
		assert_ok!(ValidatorSet::add_node(council(), peer(3), INSURER));
		suspend(HOSPITAL, OrgKind::Hospital);
		assert_eq!(ValidatorSet::allowed_nodes(), Some(vec![peer(3)]));
		// With every listed organisation suspended the network stays closed, to everyone.
		suspend(INSURER, OrgKind::Insurer);
		assert_eq!(ValidatorSet::allowed_nodes(), Some(vec![]));
	})
}

#[test]
fn a_chain_that_never_listed_a_node_is_open() {
	with_chain(|| {
		Nodes::<Test>::kill();
		assert_eq!(ValidatorSet::allowed_nodes(), None);
	})
}

#[test]
fn a_chain_whose_validators_the_pallet_does_not_manage_keeps_its_genesis_set() {
	with_chain(|| {
		crate::Validators::<Test>::kill();
		MinValidators::<Test>::put(0);
		run_to_session(3);
		assert_eq!(authorities(), vec![1, 2, 3, 4]);
		assert!(!System::events()
			.iter()
			.any(|r| matches!(r.event, RuntimeEvent::ValidatorSet(Event::FloorHeld { .. }))));
	})
}

#[test]
fn validator_views_report_standing() {
	with_chain(|| {
		assert_ok!(ValidatorSet::add_validator(council(), 6, LAB));
		suspend(PHARMACY, OrgKind::Pharmacy);
		let views = ValidatorSet::validator_views(|v| authorities().contains(v));
		let pharmacy = &views[3];
		assert_eq!(
			(pharmacy.validator, pharmacy.organisation_active, pharmacy.has_session_keys),
			(4, false, true)
		);
		assert!(pharmacy.in_current_session);
		let lab = &views[4];
		assert_eq!(
			(lab.validator, lab.has_session_keys, lab.in_current_session),
			(6, false, false)
		);
	})
}
