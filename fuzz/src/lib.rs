//! The Caduceus runtime fuzzer.
//!
//! An input is a sequence of steps: let time pass (or not), then one member of a fixed cast
//! submits one call of the custom pallets, balances, utility, recovery or the council. Each call
//! goes through the real runtime with every transaction extension (fees and the admission check
//! included), block by block. After every block: no panic, every custom pallet's `try_state`,
//! the balances' books (issuance is the sum of balances and never grows but by a consortium
//! decision, holds within reserves), and for every dispatched extrinsic an actual weight and a
//! measured time within its charged weight; each block builds within its 2 s share of the slot.
//!
//! Two engines drive it: the seeded-random driver of `caduceus-fuzz random` (structure-aware
//! generation from the runtime's type information, and mutation of a corpus kept by new
//! behaviour: a call with a result not seen before), and `caduceus-fuzz replay` for a saved
//! corpus or a finding. `scripts/fuzz.sh` runs long campaigns; `scripts/test.sh` a bounded smoke
//! and the saved corpus (`tests/smoke.rs`).

pub mod cast;
pub mod driver;
pub mod execute;
pub mod externalities;
pub mod generate;
pub mod seeds;

pub use execute::{decode_input, encode_input, result_name, run, run_then, Outcome, Step};

/// What a coverage-guided engine calls with its bytes: decode, run, panic on a finding (a
/// measured time over budget only if running the input again repeats it, as in the driver).
pub fn fuzz_one(state: &sp_runtime::Storage, cast: &[cast::Member], data: &[u8]) {
	let steps = decode_input(data);
	if !steps.is_empty() {
		if let Err(message) = driver::try_run_confirmed(state, cast, &steps) {
			panic!("{message}");
		}
	}
}
