//! Organisations and patients: what the chain tells of them, and a patient registering.

use crate::{
	records::random_bytes,
	runtime::{self, runtime_types::pallet_health_identity::types as chain},
	AccountId, Chain, Error,
};
use caduceus_primitives::{paging::Order, salted::demographic_commitment};
use subxt_signer::sr25519::Keypair;

/// An organisation as the chain keeps it.
pub type Organisation = chain::Organisation<AccountId>;

/// Up to `limit` organisations after `start_after`, oldest or newest first.
pub async fn organisations(
	chain: &Chain,
	start_after: Option<u32>,
	limit: u32,
	order: Order,
) -> Result<Vec<(u32, Organisation)>, Error> {
	let page = runtime::view_functions().health_identity().organisations(
		start_after,
		limit,
		crate::recode(&order)?,
	);
	chain.view(page).await?.map_err(|e| Error::Query(format!("{e:?}")))
}

/// Organisation `id`, if there is one.
pub async fn organisation(chain: &Chain, id: u32) -> Result<Option<Organisation>, Error> {
	chain.view(runtime::view_functions().health_identity().organisation(id)).await
}

/// Patient `id`'s profile and pending move, if there is such a patient.
pub async fn patient(
	chain: &Chain,
	id: u64,
) -> Result<Option<chain::PatientView<AccountId>>, Error> {
	chain.view(runtime::view_functions().health_identity().patient(id)).await
}

/// What registering gave: the patient's id and, when demographics were committed to, the salt
/// the patient's wallet must keep with them.
pub struct Registered {
	/// The patient's id.
	pub patient: u64,
	/// The salt of the demographic commitment.
	pub salt: Option<[u8; 32]>,
}

/// Registers `signer`'s account as a patient, committing to `demographics` (as the wallet
/// serialises them) under a fresh salt when given.
pub async fn register_patient(
	chain: &Chain,
	signer: &Keypair,
	demographics: Option<&[u8]>,
) -> Result<Registered, Error> {
	let salt = demographics.map(|_| random_bytes::<32>()).transpose()?;
	let commitment = demographics.zip(salt).map(|(d, s)| demographic_commitment(&s, d));
	let call = runtime::tx().health_identity().register_patient(commitment);
	let done = chain.submit(&call, signer).await?;
	let registered = done.event::<runtime::health_identity::events::PatientRegistered>()?;
	Ok(Registered { patient: registered.patient, salt })
}

/// Transfers `amount` (in the chain's smallest unit) to `to`, keeping the signer's account alive.
pub async fn transfer(
	chain: &Chain,
	signer: &Keypair,
	to: AccountId,
	amount: u128,
) -> Result<(), Error> {
	let call = runtime::tx().balances().transfer_keep_alive(to.into(), amount);
	chain.submit(&call, signer).await.map(|_| ())
}

/// Appoints `guardian` for the signing patient, with authority `scope`, until `expires_at`
/// (block time, ms) if given.
pub async fn appoint_guardian(
	chain: &Chain,
	patient: &Keypair,
	guardian: AccountId,
	scope: caduceus_primitives::GuardianScope,
	expires_at: Option<u64>,
) -> Result<(), Error> {
	let call = runtime::tx().health_identity().appoint_guardian(
		guardian,
		crate::recode(&scope)?,
		expires_at,
	);
	chain.submit(&call, patient).await.map(|_| ())
}

/// Removes `guardian` of `patient`, by the patient (or the consortium).
pub async fn remove_guardian(
	chain: &Chain,
	signer: &Keypair,
	patient: u64,
	guardian: AccountId,
) -> Result<(), Error> {
	let call = runtime::tx().health_identity().remove_guardian(patient, guardian);
	chain.submit(&call, signer).await.map(|_| ())
}

/// Gives up guardianship of `patient`, by the guardian.
pub async fn resign_guardianship(
	chain: &Chain,
	guardian: &Keypair,
	patient: u64,
) -> Result<(), Error> {
	let call = runtime::tx().health_identity().resign_guardianship(patient);
	chain.submit(&call, guardian).await.map(|_| ())
}

/// Starts moving the signing patient to `new_account` (a new wallet, a lost key's
/// replacement), which must accept.
pub async fn start_move(
	chain: &Chain,
	patient: &Keypair,
	new_account: AccountId,
) -> Result<(), Error> {
	let call = runtime::tx().health_identity().initiate_patient_move(new_account);
	chain.submit(&call, patient).await.map(|_| ())
}

/// Accepts the move of `patient` to the signing account.
pub async fn accept_move(chain: &Chain, new_account: &Keypair, patient: u64) -> Result<(), Error> {
	let call = runtime::tx().health_identity().accept_patient_move(patient);
	chain.submit(&call, new_account).await.map(|_| ())
}

/// Cancels the signing patient's pending move.
pub async fn cancel_move(chain: &Chain, patient: &Keypair) -> Result<(), Error> {
	let call = runtime::tx().health_identity().cancel_patient_move();
	chain.submit(&call, patient).await.map(|_| ())
}

/// The motion that registers an organisation of `kind` named `name`, run by `admin`, with its
/// public identifiers (a GLN, an NPI, a licence), for the council to pass
/// ([`crate::governance::propose`]).
pub fn register_organisation(
	kind: caduceus_primitives::OrgKind,
	name: &str,
	admin: AccountId,
	licence: Option<&str>,
) -> Result<crate::governance::Call, Error> {
	use runtime::runtime_types::pallet_health_identity::pallet::Call;
	Ok(crate::governance::Call::HealthIdentity(Call::register_organisation {
		kind: crate::recode(&kind)?,
		name: crate::BoundedVec(name.as_bytes().to_vec()),
		identifiers: chain::PublicIdentifiers {
			gln: None,
			npi: None,
			licence: licence.map(|l| crate::BoundedVec(l.as_bytes().to_vec())),
		},
		admin,
	}))
}

/// The motion that suspends organisation `organisation` (its practitioners stop acting at
/// once; it can be reinstated).
pub fn suspend_organisation(organisation: u32) -> crate::governance::Call {
	use runtime::runtime_types::pallet_health_identity::pallet::Call;
	crate::governance::Call::HealthIdentity(Call::suspend_organisation { organisation })
}

/// Attests `practitioner` in `role` at the signer's organisation (signed by its admin), with
/// the hash of the credential checked off chain.
pub async fn attest(
	chain: &Chain,
	admin: &Keypair,
	practitioner: AccountId,
	role: caduceus_primitives::Role,
	credential_hash: subxt::utils::H256,
) -> Result<u32, Error> {
	let call = runtime::tx().health_identity().attest_practitioner(
		practitioner,
		crate::recode(&role)?,
		credential_hash,
		None,
	);
	let done = chain.submit(&call, admin).await?;
	Ok(done.event::<runtime::health_identity::events::PractitionerAttested>()?.organisation)
}

/// The organisation `admin` runs, if any.
pub async fn administered_by(chain: &Chain, admin: &AccountId) -> Result<Option<u32>, Error> {
	let at = chain.at_finalized().await?;
	let address = runtime::storage().health_identity().administered_by();
	let found =
		at.storage().try_fetch(address, (admin.clone(),)).await.map_err(crate::error::other)?;
	found.map(|value| value.decode().map_err(crate::error::other)).transpose()
}
