//! Every way a request to the chain fails, each said in one line a person can act on.

use subxt::error::{DispatchError, TransactionEventsError};
use subxt::transactions::{TransactionInvalid, TransactionUnknown};

/// `InvalidTransaction::Custom` code of a transaction from an account the chain does not know
/// (`runtime/src/admission.rs`).
pub const NOT_A_PARTICIPANT: u8 = 100;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The node could not be reached or spoke no Substrate JSON-RPC.
	#[error("cannot connect to {url}: {reason}")]
	Connect { url: String, reason: String },
	/// The secret URI or key file does not give a key pair.
	#[error("bad key: {0}")]
	Key(String),
	/// The transaction pool refused the transaction: it never reached a block and cost nothing.
	#[error("refused by the transaction pool: {0}")]
	Refused(String),
	/// The transaction was included but failed: a pallet's error, by name and doc.
	#[error("{pallet}.{name}: {doc}")]
	Dispatch { pallet: String, name: String, doc: String },
	/// The transaction was included but failed for a reason outside any pallet.
	#[error("the transaction failed: {0}")]
	DispatchOther(String),
	/// A read the chain answered with an error of its own (an unknown patient, a bad page).
	#[error("{0}")]
	Query(String),
	/// An input that cannot be encoded for the chain (a bad hex string, a value too long).
	#[error("bad input: {0}")]
	Input(String),
	/// A value that does not encode or decode as the chain expects.
	#[error("encoding: {0}")]
	Encoding(String),
	/// A file that cannot be read or written.
	#[error("{path}: {reason}")]
	File { path: String, reason: String },
	/// Anything else subxt reports (the connection dropped mid-request...).
	#[error("{0}")]
	Other(String),
}

impl Error {
	/// The error a node's pool gives for an invalid transaction, in words.
	pub fn refused(invalid: &TransactionInvalid) -> Error {
		Error::Refused(
			match invalid {
				TransactionInvalid::Custom(NOT_A_PARTICIPANT) => "not a participant: the signing account is not known to the chain (register as a patient, or be attested by an organisation)",
				TransactionInvalid::Payment => "too low balance: the account cannot pay the transaction fee",
				TransactionInvalid::Stale => "bad nonce: the account's nonce has already been used",
				TransactionInvalid::Future => "bad nonce: the account's nonce is ahead of the chain",
				TransactionInvalid::BadProof => "bad signature: signed for another chain or with another key",
				TransactionInvalid::AncientBirthBlock => "the transaction's mortality period has passed",
				TransactionInvalid::ExhaustsResources => "the transaction does not fit in a block",
				TransactionInvalid::Call => "the call is not accepted in a transaction",
				TransactionInvalid::BadSigner => "the signing account is disabled",
				TransactionInvalid::Custom(code) => return Error::Refused(format!("custom error {code}")),
				other => return Error::Refused(format!("{other:?}")),
			}
			.to_string(),
		)
	}

	/// The error a node's pool gives when it cannot judge a transaction.
	pub fn unknown(unknown: &TransactionUnknown) -> Error {
		Error::Refused(format!("the node cannot validate the transaction: {unknown:?}"))
	}

	/// A dispatch error, by pallet error name and doc where it is a pallet's.
	pub fn dispatch(error: &DispatchError) -> Error {
		match error {
			DispatchError::Module(module) => match module.details() {
				Ok(details) => Error::Dispatch {
					pallet: details.pallet.name().to_string(),
					name: details.variant.name.clone(),
					doc: details.variant.docs.join(" ").trim().to_string(),
				},
				Err(_) => Error::DispatchOther(module.to_string()),
			},
			other => Error::DispatchOther(other.to_string()),
		}
	}

	/// What subxt reports while a transaction is submitted, watched or its events read.
	pub fn from_events(error: TransactionEventsError) -> Error {
		match error {
			TransactionEventsError::ExtrinsicFailed(dispatch) => Error::dispatch(&dispatch),
			other => Error::Other(other.to_string()),
		}
	}

	/// The process exit code for this error: 2 for what the user typed, 3 for the connection,
	/// 4 for the pool's refusal, 5 for a failed dispatch, 1 otherwise.
	pub fn exit_code(&self) -> i32 {
		match self {
			Error::Key(_) | Error::Input(_) | Error::File { .. } => 2,
			Error::Connect { .. } => 3,
			Error::Refused(_) => 4,
			Error::Dispatch { .. } | Error::DispatchOther(_) => 5,
			_ => 1,
		}
	}
}

/// Any other subxt error, in its own words.
pub fn other(error: impl std::fmt::Display) -> Error {
	Error::Other(error.to_string())
}
