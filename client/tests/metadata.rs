//! The client's types are generated from `metadata/caduceus.scale`; this test fails when that
//! file is not the metadata of the runtime in this workspace, so the two cannot drift.
//!
//! After a runtime change, regenerate it with
//! `CADUCEUS_WRITE_METADATA=1 cargo test --release -p caduceus-client --test metadata`.

use caduceus_runtime::Runtime;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/metadata/caduceus.scale");

#[test]
fn metadata_matches_the_runtime() {
	// Version 16, the version subxt generates from (view functions, transaction extensions).
	let metadata = Runtime::metadata_at_version(16).expect("the runtime serves metadata v16");
	let runtime: &[u8] = &metadata;
	if std::env::var_os("CADUCEUS_WRITE_METADATA").is_some() {
		std::fs::write(PATH, runtime).expect("metadata/caduceus.scale is writable");
	}
	let committed = std::fs::read(PATH).expect("metadata/caduceus.scale exists");
	assert!(
		committed == runtime,
		"client/metadata/caduceus.scale is not this runtime's metadata: regenerate it with \
		 `CADUCEUS_WRITE_METADATA=1 cargo test --release -p caduceus-client --test metadata` \
		 and rebuild the client"
	);
}
