//! Consent: grants and revocations signed by the patient's own key or in a wallet for someone
//! else to submit, access checks, and the patient's consent history.
//!
//! Categories never reach the chain in clear: a grant names slots under the patient's category
//! key (`caduceus_primitives::category_slots`), computed here from the key the patient's wallet
//! gave.

use crate::{
	keys, recode,
	runtime::{self, runtime_types::pallet_consent::types as chain},
	AccountId, Chain, Error,
};
use caduceus_primitives::{
	category_slots::{slot_of, slots_of},
	wallet::wallet_wrapped,
	AccessDenial, AccessGround, Action, Actions, CategoryKey, DataCategories, DataCategory,
	Purpose, Purposes,
};
use subxt::utils::H256;
use subxt_signer::sr25519::Keypair;

/// Who a grant is for.
#[derive(Clone, Debug)]
pub enum Grantee {
	/// An organisation: its practitioners in the clinical roles (or the roles named).
	Organisation(u32),
	/// One practitioner's account.
	Practitioner(AccountId),
}

impl Grantee {
	/// The party as the chain names it.
	pub fn party(&self) -> chain::Party<AccountId> {
		match self {
			Grantee::Organisation(org) => chain::Party::Organisation(*org),
			Grantee::Practitioner(account) => chain::Party::Practitioner(account.clone()),
		}
	}
}

/// What a patient consents to, in words; [`Terms::on_chain`] turns it into what the chain
/// keeps (slots under the patient's category key).
#[derive(Clone, Debug)]
pub struct Terms {
	/// Who is granted access.
	pub grantee: Grantee,
	/// The data categories covered.
	pub categories: Vec<DataCategory>,
	/// The patient's category key.
	pub category_key: CategoryKey,
	/// The purposes of use covered.
	pub purposes: Vec<Purpose>,
	/// The actions covered.
	pub actions: Vec<Action>,
	/// For a grant to an organisation, the roles of its practitioners covered; none: the
	/// clinical roles.
	pub roles: Vec<caduceus_primitives::Role>,
	/// When the grant ends (block time, milliseconds).
	pub valid_until: u64,
	/// The salted hash of the source document (a signed form, a FHIR Consent).
	pub source_document: Option<H256>,
}

/// The terms as the chain's call takes them.
pub type ChainTerms = chain::ConsentTerms<AccountId>;

impl Terms {
	/// The terms as the chain keeps them: categories as slots under the patient's key.
	pub fn on_chain(&self) -> Result<ChainTerms, Error> {
		if self.categories.is_empty() || self.purposes.is_empty() || self.actions.is_empty() {
			return Err(Error::Input("name at least one category, purpose and action".into()));
		}
		let slots = slots_of(&self.category_key, DataCategories::of(&self.categories));
		Ok(chain::ConsentTerms {
			grantee: self.grantee.party(),
			categories: recode(&slots)?,
			purposes: recode(&Purposes::of(&self.purposes))?,
			actions: recode(&Actions::of(&self.actions))?,
			roles: recode(&caduceus_primitives::Roles::of(&self.roles))?,
			valid_from: None,
			valid_until: self.valid_until,
			exceptions: chain::Exceptions {
				categories: recode(&caduceus_primitives::CategorySlots::default())?,
				practitioners: crate::BoundedVec(Vec::new()),
			},
			source_document: self.source_document,
		})
	}
}

/// Grants `terms` for `patient`, signed by the patient (or a guardian). The grant's id.
pub async fn grant(
	chain: &Chain,
	signer: &Keypair,
	patient: u64,
	terms: &Terms,
) -> Result<u64, Error> {
	let call = runtime::tx().consent().grant(patient, terms.on_chain()?);
	let done = chain.submit(&call, signer).await?;
	Ok(done.event::<runtime::consent::events::ConsentGranted>()?.consent)
}

/// Revokes grant `consent` of `patient`.
pub async fn revoke(
	chain: &Chain,
	signer: &Keypair,
	patient: u64,
	consent: u64,
) -> Result<(), Error> {
	let call = runtime::tx().consent().revoke(patient, consent);
	chain.submit(&call, signer).await.map(|_| ())
}

/// Blocks `party` from `patient`'s data (or, with `blocked` false, lifts the block): a block
/// overrides every grant to that party until lifted.
pub async fn block(
	chain: &Chain,
	signer: &Keypair,
	patient: u64,
	party: &Grantee,
	blocked: bool,
) -> Result<(), Error> {
	let tx = runtime::tx().consent();
	let done = if blocked {
		chain.submit(&tx.block(patient, party.party()), signer).await
	} else {
		chain.submit(&tx.unblock(patient, party.party()), signer).await
	};
	done.map(|_| ())
}

/// Whether `accessor` may `action` `patient`'s data of `category` for `purpose` now, as an
/// EHR gateway asks before serving a document: the grant or emergency that allows it, or why not.
pub async fn check_access(
	chain: &Chain,
	patient: u64,
	accessor: AccountId,
	category: DataCategory,
	category_key: &CategoryKey,
	purpose: Purpose,
	action: Action,
) -> Result<Result<AccessGround, AccessDenial>, Error> {
	let slot = recode(&slot_of(category_key, category))?;
	let question = runtime::runtime_apis().consent_api().check_access(
		patient,
		accessor,
		slot,
		recode(&purpose)?,
		recode(&action)?,
	);
	recode(&chain.runtime_api(question).await?)
}

/// The nonce `patient`'s next wallet-signed payload must carry.
pub async fn next_signed_nonce(chain: &Chain, patient: u64) -> Result<u32, Error> {
	let nonce =
		chain.view(runtime::view_functions().consent().signed_consent_nonce(patient)).await?;
	nonce.map_err(|e| Error::Query(format!("{e:?}")))
}

/// A grant signed in a wallet: the SCALE bytes the wallet signed and its signature.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SignedGrant {
	/// The SCALE encoding of the `SignedConsent`, `0x`-hex.
	pub payload: String,
	/// The signer's sr25519 signature of `<Bytes>payload</Bytes>`, `0x`-hex.
	pub signature: String,
}

/// The payload a wallet signs for `terms`: good on the chain of `genesis_hash` only, with the
/// patient's next nonce, until `expires_at`.
pub fn signed_consent(
	genesis_hash: H256,
	patient: u64,
	signer: AccountId,
	nonce: u32,
	expires_at: u64,
	terms: &Terms,
) -> Result<chain::SignedConsent<AccountId, H256>, Error> {
	Ok(chain::SignedConsent {
		domain: pallet_consent::SIGNED_CONSENT_DOMAIN,
		genesis_hash,
		patient,
		signer,
		nonce,
		expires_at,
		terms: terms.on_chain()?,
	})
}

/// Signs `consent` as the polkadot.js extension's `signRaw` does: over `<Bytes>payload</Bytes>`.
/// Works offline: nothing here talks to a node.
pub fn sign(
	consent: &chain::SignedConsent<AccountId, H256>,
	pair: &Keypair,
) -> Result<SignedGrant, Error> {
	if consent.signer != keys::account(pair) {
		return Err(Error::Key("the key is not the payload's signer".into()));
	}
	let payload = codec::Encode::encode(consent);
	let signature = pair.sign(&wallet_wrapped(&payload));
	Ok(SignedGrant {
		payload: format!("0x{}", hex::encode(&payload)),
		signature: format!("0x{}", hex::encode(signature.0)),
	})
}

/// Submits a grant someone signed in a wallet, paid by `submitter`. The grant's id.
pub async fn submit_signed(
	chain: &Chain,
	submitter: &Keypair,
	signed: &SignedGrant,
) -> Result<u64, Error> {
	let payload = decode_hex(&signed.payload, "payload")?;
	let consent: chain::SignedConsent<AccountId, H256> =
		codec::Decode::decode(&mut &payload[..])
			.map_err(|e| Error::Input(format!("payload: not a signed consent ({e})")))?;
	let signature: [u8; 64] = decode_hex(&signed.signature, "signature")?
		.try_into()
		.map_err(|_| Error::Input("signature: expected 64 bytes".into()))?;
	let signature = runtime::runtime_types::sp_runtime::MultiSignature::Sr25519(signature);
	let call = runtime::tx().consent().grant_signed(consent, signature);
	let done = chain.submit(&call, submitter).await?;
	Ok(done.event::<runtime::consent::events::ConsentGranted>()?.consent)
}

/// Up to `limit` entries of `patient`'s consent history from sequence number `from` on.
pub async fn history(
	chain: &Chain,
	patient: u64,
	from: u64,
	limit: u32,
) -> Result<Vec<chain::HistoryEntry<AccountId, u32>>, Error> {
	let page = runtime::runtime_apis().consent_api().consent_history(patient, from, limit);
	chain.runtime_api(page).await?.map_err(|e| Error::Query(format!("{e:?}")))
}

/// `0x`-hex (or bare hex) as bytes.
pub fn decode_hex(text: &str, what: &str) -> Result<Vec<u8>, Error> {
	hex::decode(text.trim().trim_start_matches("0x"))
		.map_err(|e| Error::Input(format!("{what}: not hex ({e})")))
}
