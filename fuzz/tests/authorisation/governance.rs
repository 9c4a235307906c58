use crate::{motion, row, Caller, Row};
use caduceus_fuzz::cast::{account, org::*, who::*};
use caduceus_runtime::{genesis_config_presets::dev_node_peer_id, Runtime, RuntimeCall};
use pallet_validator_set::{Call, PeerId};

// Rows of the authorisation matrix for the consortium pallet (`enact`) and the validator-set
// pallet (`add_validator`, `remove_validator`, `set_min_validators`, `set_session_length`,
// `add_node`, `remove_node`).
//
// Both pallets' `ConsortiumOrigin` is the runtime's (`runtime/src/configs.rs`): root, or a
// council motion passed by two thirds of the members (`EnsureProportionAtLeast<2, 3>`), which
// `Caller::Consortium` (`Members(2, 2)`) is. The one exception is `remove_node`, which the
// admin of the organisation running the node may also make.
//
// Genesis state used: one validator (Alice, the cast's `VALIDATOR`, for the hospital, with
// session keys), a floor of one, an open network (no node listed), a council of two (Bob and
// Eve, the hospital's and the laboratory's admins) with no motion yet. What only the consortium
// can set up (a second validator, listed nodes) is set up by a council motion: the hospital's
// admin proposes it with a threshold of two, both members vote aye, and it is closed.

fn validators(call: Call<Runtime>) -> RuntimeCall {
	RuntimeCall::ValidatorSet(call)
}

/// The PeerId of development node key `n`.
fn peer(n: usize) -> PeerId {
	dev_node_peer_id(n).try_into().unwrap()
}

/// Both consortium origins get `error`.
fn consortium_gets(row: Row, error: &'static str) -> Row {
	row.except_origin(Caller::Root, error).except_origin(Caller::Consortium, error)
}

/// Doc comments name the rule each row checks (rustdoc ignores them on statements).
#[allow(unused_doc_comments)]
pub fn rows() -> Vec<Row> {
	let mut rows = Vec::new();
	// ---- Consortium ----
	/// Only the consortium (root, or two thirds of the council) enacts a call with root's
	/// authority; no member alone.
	rows.push(
		row(RuntimeCall::Consortium(pallet_consortium::Call::enact {
			call: Box::new(RuntimeCall::System(frame_system::Call::remark {
				remark: b"upgrade notice".to_vec(),
			})),
		}))
		.consortium(),
	);
	/// `enact` succeeds once the origin is the consortium's, whatever the enacted call does
	/// (its result is in the `Enacted` event): here a revoked organisation is not reinstated.
	rows.push(
		row(RuntimeCall::Consortium(pallet_consortium::Call::enact {
			call: Box::new(RuntimeCall::HealthIdentity(
				pallet_health_identity::Call::reinstate_organisation {
					organisation: REVOKED_CLINIC,
				},
			)),
		}))
		.consortium(),
	);
	// ---- Validators ----
	/// Only the consortium admits a validator.
	rows.push(
		row(validators(Call::add_validator {
			validator: account(LAB_ADMIN),
			organisation: LABORATORY,
		}))
		.consortium(),
	);
	/// Not even the consortium admits a validator for an inactive organisation.
	rows.push(consortium_gets(
		row(validators(Call::add_validator {
			validator: account(SUSPENDED_ADMIN),
			organisation: SUSPENDED_CLINIC,
		})),
		"OrganisationNotActive",
	));
	/// Only the consortium removes a validator (here the second one, admitted by a motion).
	rows.push(
		row(validators(Call::remove_validator { validator: account(LAB_ADMIN) }))
			.setup(motion(
				0,
				validators(Call::add_validator {
					validator: account(LAB_ADMIN),
					organisation: LABORATORY,
				}),
			))
			.consortium(),
	);
	/// Not even the consortium removes the last validator (the floor is one); its operator
	/// cannot remove itself either.
	rows.push(consortium_gets(
		row(validators(Call::remove_validator { validator: account(VALIDATOR) })),
		"BelowMinimum",
	));
	/// Only the consortium sets the floor.
	rows.push(row(validators(Call::set_min_validators { minimum: 1 })).consortium());
	/// The floor is at most the validators in force (one).
	rows.push(consortium_gets(
		row(validators(Call::set_min_validators { minimum: 2 })),
		"InvalidMinimum",
	));
	/// Only the consortium sets the session length.
	rows.push(row(validators(Call::set_session_length { blocks: 10 })).consortium());
	// ---- Nodes ----
	/// Only the consortium allow-lists a node (not the organisation running it).
	rows.push(
		row(validators(Call::add_node { peer_id: peer(1), organisation: HOSPITAL })).consortium(),
	);
	/// The consortium or the admin of the organisation running a node removes it; nobody else
	/// (another organisation's admin, a practitioner of the same organisation).
	rows.push(
		row(validators(Call::remove_node { peer_id: peer(1) }))
			.setup(
				[
					motion(
						0,
						validators(Call::add_node { peer_id: peer(1), organisation: HOSPITAL }),
					),
					motion(
						1,
						validators(Call::add_node { peer_id: peer(2), organisation: LABORATORY }),
					),
				]
				.concat(),
			)
			.may(&[HOSPITAL_ADMIN])
			.consortium()
			.others("NotNodeOperator"),
	);
	/// Nobody removes the last listed node (the network would open), not even the consortium or
	/// the node's operator; the operator check comes first for everyone else.
	rows.push(consortium_gets(
		row(validators(Call::remove_node { peer_id: peer(1) }))
			.setup(motion(
				0,
				validators(Call::add_node { peer_id: peer(1), organisation: HOSPITAL }),
			))
			.others("NotNodeOperator")
			.except(&[HOSPITAL_ADMIN], "LastNode"),
		"LastNode",
	));
	/// A node that is not listed is not removed, by anyone (it is looked up first).
	rows.push(consortium_gets(
		row(validators(Call::remove_node { peer_id: peer(3) })).others("NodeNotListed"),
		"NodeNotListed",
	));
	rows
}
