//! The shared vocabulary: who participates, what data, for which purpose, which action.

use crate::flags::{Flag, FlagSet};

/// Derives the traits every vocabulary type needs on chain and in extrinsics.
macro_rules! vocabulary_enum {
	($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
		$(#[$meta])*
		#[derive(
			::codec::Encode, ::codec::Decode, ::codec::DecodeWithMemTracking,
			::codec::MaxEncodedLen, ::scale_info::TypeInfo,
			Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug,
			::serde::Serialize, ::serde::Deserialize,
		)]
		pub enum $name { $($(#[$vmeta])* $variant),+ }

		impl $crate::flags::Flag for $name {
			const ALL: &'static [Self] = &[$(Self::$variant),+];

			// The variants carry no explicit discriminant, so each one's is its place in `ALL`.
			fn index(self) -> usize {
				self as usize
			}
		}
	};
}
pub(crate) use vocabulary_enum;

vocabulary_enum! {
	/// What kind of organisation a consortium member is; it decides what the organisation may do
	/// (only hospitals and clinics declare emergency access, only insurers define plans...).
	pub enum OrgKind {
		Hospital,
		Clinic,
		Laboratory,
		Pharmacy,
		Insurer,
		Manufacturer,
		Distributor,
		Regulator,
		PublicHealthAgency,
		ResearchSponsor,
	}
}

vocabulary_enum! {
	/// The role an organisation attests for a practitioner.
	pub enum Role {
		Physician,
		Nurse,
		Pharmacist,
		LabTechnician,
		ClaimsOfficer,
		PrivacyOfficer,
		Researcher,
		Administrator,
	}
}

vocabulary_enum! {
	/// What data a consent or a record concerns, modelled on FHIR resource categories.
	///
	/// The last five are **sensitive** (genetic, mental health, substance use, sexual and
	/// reproductive health, HIV): a broad grant never covers them; they must be named.
	pub enum DataCategory {
		Demographics,
		Encounters,
		Conditions,
		Medications,
		Allergies,
		Immunizations,
		LabResults,
		Imaging,
		Procedures,
		ClinicalNotes,
		Billing,
		Genetic,
		MentalHealth,
		SubstanceUse,
		SexualReproductiveHealth,
		Hiv,
	}
}

impl DataCategory {
	/// Whether the category is sensitive and must be named explicitly to be covered.
	pub fn is_sensitive(self) -> bool {
		matches!(
			self,
			Self::Genetic
				| Self::MentalHealth
				| Self::SubstanceUse
				| Self::SexualReproductiveHealth
				| Self::Hiv
		)
	}
}

vocabulary_enum! {
	/// Why data is used: HL7 v3 PurposeOfUse (see [`Purpose::hl7_code`]).
	pub enum Purpose {
		/// TREAT
		Treatment,
		/// ETREAT: emergency treatment (break-glass).
		EmergencyTreatment,
		/// HPAYMT
		Payment,
		/// HOPERAT
		Operations,
		/// HRESCH
		Research,
		/// PUBHLTH
		PublicHealth,
		/// PATRQT
		PatientRequest,
	}
}

impl Purpose {
	/// The HL7 v3 ActReason (PurposeOfUse) code.
	pub fn hl7_code(self) -> &'static str {
		match self {
			Self::Treatment => "TREAT",
			Self::EmergencyTreatment => "ETREAT",
			Self::Payment => "HPAYMT",
			Self::Operations => "HOPERAT",
			Self::Research => "HRESCH",
			Self::PublicHealth => "PUBHLTH",
			Self::PatientRequest => "PATRQT",
		}
	}
}

vocabulary_enum! {
	/// What an accessor does with the data.
	pub enum Action {
		/// Read it.
		Read,
		/// Create or amend it.
		Write,
		/// Share it onward with a third party.
		Disclose,
	}
}

vocabulary_enum! {
	/// What a guardian or delegate may do for a patient.
	pub enum GuardianScope {
		/// Everything the patient may do.
		All,
		/// Grant, revoke and block consents.
		Consent,
		/// Anchor and read records (a delegate uploading for the patient). Erasing a document
		/// needs full authority (`All`).
		Records,
		/// Be notified of and act on emergency access only.
		Emergency,
	}
}

impl GuardianScope {
	/// Whether authority with this scope includes `needed`.
	pub fn covers(self, needed: GuardianScope) -> bool {
		self == Self::All || self == needed
	}
}

/// A set of purposes of use.
pub type Purposes = FlagSet<Purpose>;
/// A set of practitioner roles (a grant's FHIR `provision.actor.role`).
pub type Roles = FlagSet<Role>;

impl Role {
	/// The roles a grant to an organisation covers when it names none: those who treat.
	pub const CLINICAL: &'static [Role] =
		&[Role::Physician, Role::Nurse, Role::Pharmacist, Role::LabTechnician];

	/// Whether this role treats patients.
	pub fn is_clinical(self) -> bool {
		Self::CLINICAL.contains(&self)
	}

	/// Whether a practitioner of this role may ask for data for `purpose`: those who treat for
	/// treatment, emergency treatment, the patient's request and public health; a claims
	/// officer for payment; a researcher for research; a privacy officer or administrator for
	/// operations (audit, quality).
	pub fn serves(self, purpose: Purpose) -> bool {
		match self {
			Role::Physician | Role::Nurse | Role::Pharmacist | Role::LabTechnician => matches!(
				purpose,
				Purpose::Treatment
					| Purpose::EmergencyTreatment
					| Purpose::PatientRequest
					| Purpose::PublicHealth
			),
			Role::ClaimsOfficer => purpose == Purpose::Payment,
			Role::Researcher => purpose == Purpose::Research,
			Role::PrivacyOfficer | Role::Administrator => purpose == Purpose::Operations,
		}
	}
}
/// A set of actions.
pub type Actions = FlagSet<Action>;

value_struct! {
	/// A set of data categories in which a sensitive category is a member only if it was named.
	///
	/// There is deliberately no "all" constructor: [`DataCategories::broad`] is every non-sensitive
	/// category, and each sensitive one has to be added by name.
	#[derive(Copy, Default)]
	pub struct DataCategories(FlagSet<DataCategory>);
}

impl DataCategories {
	/// No category.
	pub const fn empty() -> Self {
		Self(FlagSet::empty())
	}

	/// Every non-sensitive category: what a "share my whole record" grant means.
	pub fn broad() -> Self {
		DataCategory::ALL
			.iter()
			.filter(|c| !c.is_sensitive())
			.fold(Self::empty(), |set, c| set.with(*c))
	}

	/// Exactly the named categories.
	pub fn of(categories: &[DataCategory]) -> Self {
		Self(FlagSet::of(categories))
	}

	/// This set and `category` (naming it, if sensitive).
	#[must_use]
	pub fn with(self, category: DataCategory) -> Self {
		Self(self.0.with(category))
	}

	/// This set without `category`.
	#[must_use]
	pub fn without(self, category: DataCategory) -> Self {
		Self(self.0.without(category))
	}

	/// Whether data of `category` is covered.
	pub fn covers(&self, category: DataCategory) -> bool {
		self.0.contains(category)
	}

	/// The sensitive categories this set names.
	pub fn sensitive(&self) -> impl Iterator<Item = DataCategory> + '_ {
		self.0.iter().filter(|c| c.is_sensitive())
	}

	/// The members, in declaration order.
	pub fn iter(&self) -> impl Iterator<Item = DataCategory> + '_ {
		self.0.iter()
	}

	/// Whether no category is covered.
	pub fn is_empty(&self) -> bool {
		self.0.is_empty()
	}
}
