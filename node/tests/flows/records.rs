//! Records end to end on the development chain's demo data: a hospital physician anchors a lab
//! report under the patient's demo consent, requests access, the patient erases it, and a
//! receiving hospital checks the document's hash over JSON-RPC (`RecordsApi` runtime API).

use super::common::chain::{dev_chain, state_call, submit};
use caduceus_primitives::retained_log::LogEnds;
use caduceus_primitives::{
	category_slots::slot_of, AccessGround, DataCategory, Purpose, QueryError, RecordStatus,
};
use caduceus_runtime::genesis_config_presets::DEMO_CATEGORY_KEYS;
use caduceus_runtime::{Runtime, RuntimeCall};
use pallet_records::{AuditEvent, DocumentPageOf, DocumentStatusOf, NewRecord, Scope};
use sp_core::H256;
use subxt_signer::sr25519::dev;

type DocumentStatus = DocumentStatusOf<Runtime>;
type DocumentPage = DocumentPageOf<Runtime>;
type AuditEntry = pallet_records::AuditEntryOf<Runtime>;

#[tokio::test(flavor = "multi_thread")]
async fn a_record_is_anchored_accessed_erased_and_still_verifiable_over_json_rpc() {
	let dir = tempfile::tempdir().unwrap();
	let (node, api) = dev_chain(dir.path()).await;
	let document = H256::repeat_byte(0x5a);
	let verify = || -> Option<DocumentStatus> {
		let page: DocumentPage =
			state_call(&node, "RecordsApi_verify_document", (document, None::<Scope>));
		assert!(page.anchors.len() <= 1 && page.next.is_none(), "one anchor of the hash");
		page.anchors.into_iter().next()
	};
	assert_eq!(verify(), None, "never anchored");

	// Charlie, physician of St. Luke's (organisation 0), anchors a lab report of Dave (patient
	// 0), whose demo consent 0 lets the hospital write for treatment.
	let anchor = pallet_records::Call::anchor {
		document: NewRecord {
			patient: 0,
			content_hash: document,
			pointer: b"enc:v1:s3://st-lukes/7f3a".to_vec().try_into().unwrap(),
			category: slot_of(&DEMO_CATEGORY_KEYS[0], DataCategory::LabResults),
		},
	};
	submit(&api, RuntimeCall::Records(anchor), &dev::charlie()).await;
	let anchored = verify().expect("anchored");
	assert_eq!(anchored.status, RecordStatus::Current);
	assert_eq!(anchored.anchor.author, dev::charlie().public_key().to_account_id().0.into());
	assert_eq!(anchored.anchor.author_organisation, Some(0));

	let access = pallet_records::Call::request_access {
		record: anchored.record,
		purpose: Purpose::Treatment,
	};
	submit(&api, RuntimeCall::Records(access), &dev::charlie()).await;
	let trail: Result<Vec<AuditEntry>, QueryError> =
		state_call(&node, "RecordsApi_audit_trail", (0u64, 0u64, 10u32));
	let trail = trail.expect("patient 0 exists");
	assert_eq!(
		trail.last().map(|entry| entry.event),
		Some(AuditEvent::AccessGranted {
			record: anchored.record,
			purpose: Purpose::Treatment,
			ground: AccessGround::Consent(0),
		}),
		"the access is on Dave's trail with the consent behind it"
	);
	// An auditor asks what Charlie did: the anchoring and the access, on Dave's trail.
	let charlie: caduceus_runtime::AccountId = dev::charlie().public_key().to_account_id().0.into();
	let by_charlie: Result<(LogEnds, Vec<pallet_records::IndexedEntryOf<Runtime>>), QueryError> =
		state_call(&node, "RecordsApi_audit_by_actor", (charlie, 0u64, 10u32));
	let (ends, entries) = by_charlie.expect("a page size within bounds");
	assert_eq!(ends.kept(), entries.len() as u64);
	assert_eq!(
		entries.last().map(|e| (e.patient, e.entry.event)),
		trail.last().map(|entry| (0, entry.event)),
		"Charlie's index ends with his access to Dave's record"
	);

	// Dave erases it: the pointer is gone, the hash still answers, as erased.
	let erase = pallet_records::Call::erase { record: anchored.record, request: None };
	submit(&api, RuntimeCall::Records(erase), &dev::dave()).await;
	let erased = verify().expect("the hash stays");
	assert_eq!(
		(erased.record, erased.status, erased.current_version),
		(anchored.record, RecordStatus::Erased, None)
	);

	let status = node.stop();
	assert!(status.success(), "the node exits 0 on SIGINT, got {status}");
}
