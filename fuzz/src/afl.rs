//! The runtime fuzzer under AFL++, coverage-guided: AFL mutates the bytes of an input (the steps
//! of `caduceus_fuzz::decode_input`), keeps those that reach new edges of the instrumented
//! runtime, and reports as a crash every input on which a check panics (`caduceus_fuzz::fuzz_one`).
//!
//! Built and run by `scripts/fuzz.sh afl` (which installs `cargo-afl` and builds AFL++ first);
//! the saved corpus `fuzz/corpus/` is its seed. In persistent mode: the cast's initial state is
//! built once, before the fork server starts, and every input runs on a copy of it.

fn main() {
	let (state, cast) = (caduceus_fuzz::cast::initial_state(), caduceus_fuzz::cast::cast());
	afl::fuzz!(|data: &[u8]| caduceus_fuzz::fuzz_one(&state, &cast, data));
}
