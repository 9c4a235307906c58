# Shared by the scripts: runs setup and puts a WASM-capable toolchain first in PATH.
# Sourced, not run.

CADUCEUS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The toolchain whose sysroot has wasm32v1-none: rustup's, or Debian's in /usr/bin.
use_wasm_toolchain() {
	local sysroot
	sysroot=$(rustc --print sysroot 2>/dev/null || true)
	if [ -n "$sysroot" ] && ls "$sysroot"/lib/rustlib/wasm32v1-none/lib/libcore-*.rlib >/dev/null 2>&1; then
		return 0
	fi
	export PATH="/usr/bin:$PATH"
}

caduceus_setup() {
	"$CADUCEUS_ROOT/scripts/setup.sh"
	use_wasm_toolchain
	# One target folder for every build of this checkout; CI and developers point it at a
	# persistent folder outside the clone so builds are incremental.
	if [ -z "${CARGO_TARGET_DIR:-}" ]; then
		echo "note: building into $CADUCEUS_ROOT/target (a first build takes about 45 minutes);" \
			"set CARGO_TARGET_DIR to a folder outside the clone to reuse builds across clones" >&2
	fi
	export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CADUCEUS_ROOT/target}"
	cd "$CADUCEUS_ROOT"
}
