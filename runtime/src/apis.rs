//! The runtime APIs the node, polkadot.js Apps and subxt call.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};
use sp_version::RuntimeVersion;

use caduceus_primitives::{
	AccessDenial, AccessGround, Action, CategorySlot, ConsentId, ConsentVerifier, ContentHash,
	EmergencyAccessId, PatientId, Purpose, QueryError, RecordId,
};

use super::{
	AccountId, Aura, Balance, Block, Claims, Consent, Executive, Grandpa, InherentDataExt, Nonce,
	Records, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys, SupplyChain, System,
	TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl pallet_validator_set::runtime_api::ValidatorSetApi<Block, AccountId> for Runtime {
		fn allowed_nodes() -> Option<Vec<pallet_validator_set::PeerId>> {
			crate::ValidatorSet::allowed_nodes()
		}

		fn validators() -> Vec<pallet_validator_set::ValidatorView<AccountId>> {
			let in_session = pallet_session::Validators::<Runtime>::get();
			crate::ValidatorSet::validator_views(|v| in_session.contains(v))
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocation reports need key-ownership proofs, which need sessions: not yet.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::{baseline, BenchmarkList};
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use baseline::Pallet as BaselineBench;
			use super::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			let storage_info = AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{baseline, BenchmarkBatch};
			use frame_support::traits::{TrackedStorageKey, WhitelistedStorageKeys};
			use frame_system_benchmarking::Pallet as SystemBench;
			use baseline::Pallet as BaselineBench;
			use super::*;

			impl frame_system_benchmarking::Config for Runtime {}
			impl baseline::Config for Runtime {}

			let mut whitelist: Vec<TrackedStorageKey> =
				AllPalletsWithSystem::whitelisted_storage_keys();
			// Every block's mandatory timestamp inherent writes `Timestamp::Now` before any
			// other extrinsic, so a call that reads the block time reads it from the block's
			// overlay, never from the database. Only the inherent's own benchmark pays for it.
			if config.pallet != b"pallet_timestamp" {
				whitelist.push(pallet_timestamp::Now::<Runtime>::hashed_key().to_vec().into());
			}
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	impl pallet_consent::runtime_api::ConsentApi<
		Block,
		AccountId,
		pallet_consent::ConsentViewOf<Runtime>,
		pallet_consent::HistoryEntryOf<Runtime>,
		pallet_consent::EmergencyAccess<AccountId>,
	> for Runtime {
		fn check_access(
			patient: PatientId,
			accessor: AccountId,
			category: CategorySlot,
			purpose: Purpose,
			action: Action,
		) -> Result<AccessGround, AccessDenial> {
			<Consent as ConsentVerifier<AccountId>>::check(patient, &accessor, category, purpose, action)
				.answer
		}

		fn consents_of(
			patient: PatientId,
			start_after: Option<ConsentId>,
			limit: u32,
		) -> Result<Vec<pallet_consent::ConsentViewOf<Runtime>>, QueryError> {
			Consent::consents_page(patient, start_after, limit)
		}

		fn consent_history(
			patient: PatientId,
			from: u64,
			limit: u32,
		) -> Result<Vec<pallet_consent::HistoryEntryOf<Runtime>>, QueryError> {
			Consent::history_page(patient, from, limit)
		}

		fn emergency_access(
			access: EmergencyAccessId,
		) -> Option<pallet_consent::EmergencyAccess<AccountId>> {
			pallet_consent::EmergencyAccesses::<Runtime>::get(access)
		}
	}

	impl pallet_records::runtime_api::RecordsApi<
		Block,
		AccountId,
		pallet_records::DocumentPageOf<Runtime>,
		pallet_records::RecordViewOf<Runtime>,
		pallet_records::AuditEntryOf<Runtime>,
		pallet_records::IndexedEntryOf<Runtime>,
	> for Runtime {
		fn verify_document(
			content_hash: ContentHash,
			after: Option<pallet_records::Scope>,
		) -> pallet_records::DocumentPageOf<Runtime> {
			Records::verify_document(content_hash, after)
		}

		fn record(record: RecordId) -> Option<pallet_records::RecordViewOf<Runtime>> {
			Records::record_view(record)
		}

		fn versions(record: RecordId) -> Vec<pallet_records::RecordViewOf<Runtime>> {
			Records::versions(record)
		}

		fn audit_trail(
			patient: PatientId,
			from: u64,
			limit: u32,
		) -> Result<Vec<pallet_records::AuditEntryOf<Runtime>>, QueryError> {
			Records::audit_page(patient, from, limit)
		}

		fn audit_trail_ends(patient: PatientId) -> caduceus_primitives::retained_log::LogEnds {
			Records::audit_ends(patient)
		}

		fn audit_by_actor(
			actor: AccountId,
			from: u64,
			limit: u32,
		) -> Result<(caduceus_primitives::retained_log::LogEnds, Vec<pallet_records::IndexedEntryOf<Runtime>>), QueryError> {
			Records::audit_by_actor(actor, from, limit)
		}

		fn audit_by_organisation(
			organisation: caduceus_primitives::OrgId,
			from: u64,
			limit: u32,
		) -> Result<(caduceus_primitives::retained_log::LogEnds, Vec<pallet_records::IndexedEntryOf<Runtime>>), QueryError> {
			Records::audit_by_organisation(organisation, from, limit)
		}

		fn erasure_request_nonce(patient: PatientId) -> u32 {
			pallet_records::ErasureNonce::<Runtime>::get(patient)
		}

		fn trial(trial: pallet_records::TrialId) -> Option<pallet_records::Trial> {
			pallet_records::Trials::<Runtime>::get(trial)
		}

		fn enrolment(
			trial: pallet_records::TrialId,
			patient: PatientId,
		) -> Option<pallet_records::Enrolment<AccountId>> {
			pallet_records::Enrolments::<Runtime>::get(trial, patient)
		}
	}

	impl pallet_supply_chain::runtime_api::SupplyChainApi<
		Block,
		pallet_supply_chain::ProductOf<Runtime>,
		pallet_supply_chain::ContainerOf<Runtime>,
		pallet_supply_chain::ShipmentOf<Runtime>,
	> for Runtime {
		fn verify(
			identifier: pallet_supply_chain::ProductIdentifier,
		) -> Option<pallet_supply_chain::UnitReport> {
			SupplyChain::report(&identifier)
		}

		fn verify_return(
			identifier: pallet_supply_chain::ProductIdentifier,
			distributor: caduceus_primitives::OrgId,
		) -> pallet_supply_chain::Verification {
			SupplyChain::verification(&identifier, distributor)
		}

		fn unit_history(
			gtin: pallet_supply_chain::Gtin,
			serial: pallet_supply_chain::Serial,
		) -> Vec<pallet_supply_chain::HistoryEntry> {
			SupplyChain::full_history(&pallet_supply_chain::Item::Unit(
				pallet_supply_chain::UnitKey { gtin, serial },
			))
		}

		fn lot_history(lot: pallet_supply_chain::LotKey) -> Vec<pallet_supply_chain::HistoryEntry> {
			SupplyChain::lot_history(&lot)
		}

		fn container_history(
			container: pallet_supply_chain::Sscc,
		) -> Vec<pallet_supply_chain::HistoryEntry> {
			SupplyChain::own_history(&pallet_supply_chain::Item::Container(container))
		}

		fn product(gtin: pallet_supply_chain::Gtin) -> Option<pallet_supply_chain::ProductOf<Runtime>> {
			pallet_supply_chain::Products::<Runtime>::get(gtin)
		}

		fn lot(lot: pallet_supply_chain::LotKey) -> Option<pallet_supply_chain::LotInfo> {
			pallet_supply_chain::Lots::<Runtime>::get(lot)
		}

		fn container(
			container: pallet_supply_chain::Sscc,
		) -> Option<pallet_supply_chain::ContainerOf<Runtime>> {
			pallet_supply_chain::Containers::<Runtime>::get(container)
		}

		fn shipment(
			shipment: pallet_supply_chain::ShipmentId,
		) -> Option<pallet_supply_chain::ShipmentOf<Runtime>> {
			pallet_supply_chain::Shipments::<Runtime>::get(shipment)
		}
	}

	impl pallet_claims::runtime_api::ClaimsApi<
		Block,
		AccountId,
		pallet_claims::ClaimLineOf<Runtime>,
		pallet_claims::LineResultOf<Runtime>,
		pallet_claims::ClaimOf<Runtime>,
		pallet_claims::PlanTermsOf<Runtime>,
		pallet_claims::AccumulatorOf<Runtime>,
		Balance,
		pallet_claims::Error<Runtime>,
	> for Runtime {
		fn estimate(
			submitter: AccountId,
			patient: PatientId,
			plan: pallet_claims::PlanId,
			date_of_service: caduceus_primitives::Moment,
			lines: Vec<pallet_claims::ClaimLineOf<Runtime>>,
		) -> Result<Vec<pallet_claims::LineResultOf<Runtime>>, pallet_claims::Error<Runtime>> {
			Claims::estimate(submitter, patient, plan, date_of_service, lines)
		}

		fn claim(claim: pallet_claims::ClaimId) -> Option<pallet_claims::ClaimOf<Runtime>> {
			pallet_claims::Filed::<Runtime>::get(claim)
		}

		fn plan(
			plan: pallet_claims::PlanId,
			version: Option<u32>,
		) -> Option<(pallet_claims::Plan<AccountId>, pallet_claims::PlanTermsOf<Runtime>)> {
			let info = pallet_claims::Plans::<Runtime>::get(plan)?;
			let terms = pallet_claims::PlanVersions::<Runtime>::get(plan, version.unwrap_or(info.version))?;
			Some((info, terms))
		}

		fn coverage(patient: PatientId, plan: pallet_claims::PlanId) -> Option<pallet_claims::Coverage> {
			pallet_claims::Coverages::<Runtime>::get(patient, plan)
		}

		fn accumulator(
			patient: PatientId,
			plan: pallet_claims::PlanId,
			year: pallet_claims::PlanYear,
		) -> pallet_claims::AccumulatorOf<Runtime> {
			pallet_claims::Accumulators::<Runtime>::get((patient, plan), year)
		}

		fn prior_authorisation(
			authorisation: pallet_claims::PriorAuthId,
		) -> Option<pallet_claims::PriorAuthorisation> {
			pallet_claims::PriorAuthorisations::<Runtime>::get(authorisation)
		}

		fn pool(insurer: caduceus_primitives::OrgId) -> Balance {
			Claims::pool_balance(insurer)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}

	/// What `try-runtime` (the CLI, or `runtime/tests/upgrade.rs`) calls to dry-run an upgrade on
	/// a copy of a live chain's state, or to re-execute one of its blocks with every pallet's
	/// `try_state`. Compiled only with the `try-runtime` feature: never in a production runtime.
	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.unwrap_or_else(|error| panic!("the upgrade's checks failed: {error:?}"));
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.unwrap_or_else(|error| panic!("the block failed under try-runtime: {error:?}"))
		}
	}
}
