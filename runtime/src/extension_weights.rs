//! The weights of the transaction extensions, as this runtime accounts for them: **inside the
//! extrinsic base weight**.
//!
//! `benchmark overhead` measures the base weight of an extrinsic by executing blocks full of
//! empty signed remarks (`node/src/benchmarking.rs`), each with every transaction extension of
//! [`crate::TxExtension`]: signature, nonce, era, genesis, weight, fees and admission checks
//! included. Charging the extensions' own benchmarked weights on top would count that work twice
//! (upstream's reference weights add about 475 µs to the measured 218 µs). So each extension
//! here weighs nothing beyond the base, and what depends on the signer is declared by the
//! extension that does it (`AdmitParticipants`: the reads beyond those of a participant, the
//! path the base measures).

use frame_support::weights::Weight;

/// Extension weights that are part of `ExtrinsicBaseWeight` (module documentation).
pub struct InExtrinsicBase;

impl frame_system::ExtensionsWeightInfo for InExtrinsicBase {
	fn check_genesis() -> Weight {
		Weight::zero()
	}
	fn check_mortality_mortal_transaction() -> Weight {
		Weight::zero()
	}
	fn check_mortality_immortal_transaction() -> Weight {
		Weight::zero()
	}
	fn check_non_zero_sender() -> Weight {
		Weight::zero()
	}
	fn check_nonce() -> Weight {
		Weight::zero()
	}
	fn check_spec_version() -> Weight {
		Weight::zero()
	}
	fn check_tx_version() -> Weight {
		Weight::zero()
	}
	fn check_weight() -> Weight {
		Weight::zero()
	}
	fn weight_reclaim() -> Weight {
		Weight::zero()
	}
}

impl pallet_transaction_payment::WeightInfo for InExtrinsicBase {
	fn charge_transaction_payment() -> Weight {
		Weight::zero()
	}
}
