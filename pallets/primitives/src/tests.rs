use crate::{doubles::*, *};
use codec::{Decode, Encode, MaxEncodedLen};

#[test]
fn a_broad_set_covers_every_general_category_and_no_sensitive_one() {
	let broad = DataCategories::broad();
	for category in DataCategory::ALL {
		assert_eq!(broad.covers(*category), !category.is_sensitive(), "{category:?}");
	}
	assert_eq!(broad.sensitive().count(), 0);
	assert_eq!(broad.iter().count(), 11);
}

#[test]
fn a_sensitive_category_is_covered_only_once_named() {
	let set = DataCategories::broad().with(DataCategory::MentalHealth);
	assert!(set.covers(DataCategory::MentalHealth));
	assert!(!set.covers(DataCategory::Hiv));
	assert!(!set.covers(DataCategory::Genetic));
	assert_eq!(set.sensitive().collect::<Vec<_>>(), vec![DataCategory::MentalHealth]);
	assert!(!set.without(DataCategory::MentalHealth).covers(DataCategory::MentalHealth));
}

#[test]
fn exactly_five_categories_are_sensitive() {
	let sensitive: Vec<_> = DataCategory::ALL.iter().filter(|c| c.is_sensitive()).collect();
	assert_eq!(
		sensitive,
		vec![
			&DataCategory::Genetic,
			&DataCategory::MentalHealth,
			&DataCategory::SubstanceUse,
			&DataCategory::SexualReproductiveHealth,
			&DataCategory::Hiv,
		]
	);
}

#[test]
fn sets_round_trip_through_scale_as_four_bytes() {
	let set = DataCategories::of(&[DataCategory::LabResults, DataCategory::Hiv]);
	let bytes = set.encode();
	assert_eq!(bytes.len(), 4);
	assert_eq!(DataCategories::max_encoded_len(), 4);
	assert_eq!(DataCategories::decode(&mut &bytes[..]).unwrap(), set);

	let purposes = Purposes::of(&[Purpose::Treatment, Purpose::Payment]);
	assert_eq!(Purposes::decode(&mut &purposes.encode()[..]).unwrap(), purposes);
}

#[test]
fn decoding_rejects_bits_that_name_no_member() {
	// Three actions: bit 3 and above name nothing.
	assert!(Actions::decode(&mut &0b1000u32.encode()[..]).is_err());
	assert!(Actions::decode(&mut &0b0111u32.encode()[..]).is_ok());
	// Sixteen categories: bit 16 names nothing.
	assert!(DataCategories::decode(&mut &(1u32 << 16).encode()[..]).is_err());
	assert!(Purposes::from_bits(1 << 7).is_none());
}

#[test]
fn set_operations() {
	let actions = Actions::of(&[Action::Read, Action::Write]);
	assert!(actions.contains(Action::Read) && !actions.contains(Action::Disclose));
	assert_eq!(actions.len(), 2);
	assert!(Actions::all().contains_all(&actions));
	assert!(!actions.contains_all(&Actions::all()));
	assert!(Actions::empty().is_empty());
	assert_eq!(Actions::all().bits(), 0b111);
	assert_eq!(format!("{:?}", actions), "{Read, Write}");
}

#[test]
fn purposes_carry_their_hl7_codes() {
	let codes: Vec<_> = Purpose::ALL.iter().map(|p| p.hl7_code()).collect();
	assert_eq!(codes, ["TREAT", "ETREAT", "HPAYMT", "HOPERAT", "HRESCH", "PUBHLTH", "PATRQT"]);
}

#[test]
fn guardian_scope_all_covers_every_scope_and_others_only_themselves() {
	for scope in GuardianScope::ALL {
		assert!(GuardianScope::All.covers(*scope));
		assert!(scope.covers(*scope));
	}
	assert!(!GuardianScope::Consent.covers(GuardianScope::Records));
	assert!(!GuardianScope::Emergency.covers(GuardianScope::All));
}

#[test]
fn the_no_op_implementations_know_nobody_and_permit_nothing() {
	assert_eq!(<() as Registry<u64>>::patient_of(&1), None);
	assert!(!<() as Registry<u64>>::may_act_for(&1, 1, GuardianScope::All));
	assert_eq!(
		<() as ConsentVerifier<u64>>::check(
			1,
			&2,
			CategorySlot::Slot6,
			Purpose::Treatment,
			Action::Read
		)
		.answer,
		Err(AccessDenial::NoConsent)
	);
	assert_eq!(<() as RecordRegistry<u64>>::record(1), None);
}

#[test]
fn the_registry_double_answers_what_the_test_set() {
	TestRegistry::set_organisation(7, OrgKind::Hospital, OrgStatus::Active);
	TestRegistry::set_admin(&10u64, 7);
	TestRegistry::set_practitioner(&11u64, 7, Role::Physician, Standing::Active);
	TestRegistry::set_patient(&20u64, 100);
	TestRegistry::set_guardian(&21u64, 100, GuardianScope::Consent);

	type R = TestRegistry;
	assert_eq!(<R as Registry<u64>>::organisation(7).unwrap().kind, OrgKind::Hospital);
	assert_eq!(<R as Registry<u64>>::organisation_administered_by(&10), Some(7));
	assert_eq!(<R as Registry<u64>>::practitioner(&11).unwrap().role, Role::Physician);
	assert!(
		<R as Registry<u64>>::may_act_for(&20, 100, GuardianScope::Records),
		"the patient itself"
	);
	assert!(<R as Registry<u64>>::may_act_for(&21, 100, GuardianScope::Consent));
	assert!(!<R as Registry<u64>>::may_act_for(&21, 100, GuardianScope::Records), "out of scope");
	assert!(
		!<R as Registry<u64>>::may_act_for(&21, 101, GuardianScope::Consent),
		"another patient"
	);
	TestRegistry::reset();
	assert_eq!(<R as Registry<u64>>::patient_of(&20), None);
}

#[test]
fn the_consent_double_permits_denies_and_counts() {
	let check = |accessor: u64| {
		<TestConsent as ConsentVerifier<u64>>::check(
			1,
			&accessor,
			CategorySlot::Slot6,
			Purpose::Treatment,
			Action::Read,
		)
		.answer
	};
	TestConsent::permit(1, &5u64, AccessGround::Consent(9));
	TestConsent::deny(1, &6u64, AccessDenial::Blocked);
	assert_eq!(check(5), Ok(AccessGround::Consent(9)));
	assert_eq!(check(6), Err(AccessDenial::Blocked));
	assert_eq!(check(7), Err(AccessDenial::NoConsent));
	assert_eq!(TestConsent::checks(), 3);
}

#[test]
fn the_record_and_product_doubles_hold_what_the_test_anchored() {
	let info = RecordInfo {
		patient: 1,
		content_hash: ContentHash::repeat_byte(7),
		author: 3u64,
		category: CategorySlot::Slot7,
		status: RecordStatus::Current,
	};
	TestRecords::set(42, info.clone());
	assert_eq!(<TestRecords as RecordRegistry<u64>>::record(42), Some(info));
	assert_eq!(<TestRecords as RecordRegistry<u64>>::record(43), None);

	TestProducts::dispense(2, 3);
	TestProducts::dispense(2, 1);
	assert_eq!(TestProducts::dispensed(2), 4);
	assert_eq!(TestProducts::dispensed(5), 0);
}

#[test]
fn a_wallet_signature_is_accepted_raw_or_wrapped_in_bytes_tags() {
	use sp_core::Pair;
	use sp_runtime::MultiSignature;
	let alice = sp_keyring::Sr25519Keyring::Alice;
	let payload = b"consent payload".to_vec();
	let raw: MultiSignature = alice.pair().sign(&payload).into();
	let wrapped: MultiSignature = alice.pair().sign(&wallet::wallet_wrapped(&payload)).into();
	assert_eq!(wallet::wallet_wrapped(b"x"), b"<Bytes>x</Bytes>".to_vec());
	let alice_id = alice.to_account_id();
	assert!(wallet::verify_wallet_signature(&raw, &payload, &alice_id));
	assert!(wallet::verify_wallet_signature(&wrapped, &payload, &alice_id));
	assert!(!wallet::verify_wallet_signature(&raw, b"another payload", &alice_id));
	let bob_id = sp_keyring::Sr25519Keyring::Bob.to_account_id();
	assert!(!wallet::verify_wallet_signature(&wrapped, &payload, &bob_id));
}

#[test]
fn the_daily_allowance_caps_uses_and_renews_each_day() {
	let mut allowance = DailyAllowance::default();
	let noon = 10 * DAY_MS + DAY_MS / 2;
	assert!(allowance.try_use(noon, 2));
	assert!(allowance.try_use(noon + 1, 2));
	assert!(!allowance.try_use(noon + 2, 2), "third use on the same day");
	assert!(allowance.try_use(11 * DAY_MS, 2), "a new day");
	assert_eq!(allowance, DailyAllowance { day: 11, used: 1 });
	assert!(!DailyAllowance::default().try_use(noon, 0), "a zero cap allows nothing");
}

#[test]
fn gs1_check_digits() {
	use identifiers::gs1_check_digit_valid;
	assert!(gs1_check_digit_valid(b"0614141000036"), "GS1's example GLN");
	assert!(gs1_check_digit_valid(b"00012345600012"), "a GTIN-14");
	assert!(!gs1_check_digit_valid(b"0614141000037"), "wrong check digit");
	assert!(!gs1_check_digit_valid(b"06141410000a6"), "not a digit");
	assert!(!gs1_check_digit_valid(b""), "empty");
}

#[test]
fn npi_check_digits() {
	assert!(identifiers::npi_valid(b"1234567893"), "CMS's example NPI");
	assert!(!identifiers::npi_valid(b"1234567890"));
	assert!(!identifiers::npi_valid(b"12345678x3"));
}

#[test]
fn a_log_keeps_the_last_entries_in_their_slots_and_pages_them() {
	use frame_support::{storage::types::*, Twox64Concat};
	struct EntriesPrefix;
	impl frame_support::traits::StorageInstance for EntriesPrefix {
		fn pallet_prefix() -> &'static str {
			"Test"
		}
		const STORAGE_PREFIX: &'static str = "Entries";
	}
	struct LengthsPrefix;
	impl frame_support::traits::StorageInstance for LengthsPrefix {
		fn pallet_prefix() -> &'static str {
			"Test"
		}
		const STORAGE_PREFIX: &'static str = "Lengths";
	}
	type Entries = StorageDoubleMap<EntriesPrefix, Twox64Concat, u64, Twox64Concat, u32, u64>;
	type Lengths = StorageMap<LengthsPrefix, Twox64Concat, u64, u64, ValueQuery>;

	sp_io::TestExternalities::default().execute_with(|| {
		for expected in 0..5u64 {
			let sequence = log::append::<Entries, Lengths, _, _>(7, 3, |sequence| sequence * 10);
			assert_eq!(sequence, expected);
		}
		// Five appended, three kept: 2, 3, 4 in slots 2, 0, 1.
		assert_eq!(log::page::<Entries, Lengths, _, _>(7, 3, 0, 10), vec![20, 30, 40]);
		assert_eq!(log::page::<Entries, Lengths, _, _>(7, 3, 3, 1), vec![30]);
		assert_eq!(log::page::<Entries, Lengths, _, _>(7, 3, 5, 10), Vec::<u64>::new());
		assert_eq!(log::page::<Entries, Lengths, _, _>(8, 3, 0, 10), Vec::<u64>::new());
		assert_eq!(Entries::iter_prefix(7).count(), 3);
		assert_eq!(log::ends::<Lengths, _>(7, 3), retained_log::LogEnds { oldest: 2, next: 5 });
		// A length kept by the caller: the same slots, the same pages.
		let mut length = 0;
		for _ in 0..5u64 {
			log::append_counted::<Entries, _, _>(9, 3, &mut length, |sequence| sequence * 10);
		}
		assert_eq!(length, 5);
		assert_eq!(log::page_counted::<Entries, _, _>(9, 3, length, 0, 10), vec![20, 30, 40]);
		assert_eq!(log::ends_counted(length, 3), retained_log::LogEnds { oldest: 2, next: 5 });
		assert_eq!(log::kept(5, 3), 3);
		assert_eq!(log::kept(2, 3), 2);
		assert_eq!(log::check_entry(4, 1, 5, 3), Ok(()));
		assert!(log::check_entry(4, 2, 5, 3).is_err(), "wrong slot");
		assert!(log::check_entry(1, 1, 5, 3).is_err(), "should have been overwritten");
		assert!(log::check_entry(5, 2, 5, 3).is_err(), "beyond the length");
	});
}

/// A retained log of entries that are their own block time, for the tests below.
mod retained_test {
	pub use crate::retained_log::{self, RetainedEnds};
	use frame_support::{storage::types::*, Twox64Concat};
	#[derive(codec::Encode, codec::Decode, Clone, Copy, PartialEq, Debug)]
	pub struct Entry(pub u64);
	impl retained_log::Dated for Entry {
		fn at(&self) -> u64 {
			self.0
		}
	}
	pub struct EntriesPrefix;
	impl frame_support::traits::StorageInstance for EntriesPrefix {
		fn pallet_prefix() -> &'static str {
			"Test"
		}
		const STORAGE_PREFIX: &'static str = "Retained";
	}
	pub struct EndsPrefix;
	impl frame_support::traits::StorageInstance for EndsPrefix {
		fn pallet_prefix() -> &'static str {
			"Test"
		}
		const STORAGE_PREFIX: &'static str = "Ends";
	}
	pub type Entries = StorageDoubleMap<EntriesPrefix, Twox64Concat, u64, Twox64Concat, u64, Entry>;
	pub type Ends = StorageMap<EndsPrefix, Twox64Concat, u64, RetainedEnds, ValueQuery>;
	/// Ends as the log keeps them.
	pub fn ends(oldest: u64, next: u64, oldest_at: u64) -> RetainedEnds {
		RetainedEnds { oldest, next, oldest_at }
	}
}

#[test]
fn a_retained_log_loses_entries_only_by_age() {
	use retained_test::*;
	let append =
		|now: u64| retained_log::append::<Entries, Ends, _, _>(7, now, 100, |_| Entry(now));
	let kept = || retained_log::page::<Entries, Ends, _, Entry>(7, 0, 50);

	sp_io::TestExternalities::default().execute_with(|| {
		// Many entries at once: none leaves, however many are written.
		for expected in 0..30u64 {
			assert_eq!(append(10), retained_log::Appended { sequence: expected, pruned: 0 });
		}
		assert_eq!(kept().len(), 30);
		// Still within the retention: nothing leaves.
		assert_eq!(append(109).pruned, 0);
		assert_eq!(Ends::get(7), ends(0, 31, 10));
		// Past it: each append removes at most two expired entries from the front, and says so;
		// the ends keep the time of the oldest entry left.
		assert_eq!(append(110).pruned, 2);
		assert_eq!(Ends::get(7), ends(2, 32, 10));
		assert_eq!(kept().first(), Some(&Entry(10)));
		assert_eq!(retained_log::page::<Entries, Ends, _, Entry>(7, 0, 2).len(), 2);
		assert_eq!(retained_log::page::<Entries, Ends, _, Entry>(7, 31, 5), vec![Entry(110)]);
		assert_eq!(retained_log::page::<Entries, Ends, _, Entry>(8, 0, 5), vec![]);
		let entries: Vec<_> = Entries::iter_prefix(7).collect();
		assert_eq!(retained_log::check(Ends::get(7), entries.clone()), Ok(()));
		assert!(retained_log::check(ends(1, 32, 10), entries.clone()).is_err());
		assert!(retained_log::check(ends(2, 32, 0), entries.clone()).is_err(), "another time");
		let mut out_of_order = entries;
		out_of_order.retain(|(sequence, _)| *sequence != 31);
		out_of_order.push((31, Entry(0)));
		assert!(retained_log::check(Ends::get(7), out_of_order).is_err());
	});
}

/// An append reads no entry while the oldest has not expired, so the ends must say its time:
/// after entries leave, after the log empties, and when the first entry comes.
#[test]
fn a_retained_log_s_ends_keep_its_oldest_entry_s_time() {
	use retained_test::*;
	let append =
		|now: u64| retained_log::append::<Entries, Ends, _, _>(7, now, 100, |_| Entry(now)).pruned;
	let checked = || {
		let entries: Vec<_> = Entries::iter_prefix(7).collect();
		retained_log::check(Ends::get(7), entries)
	};

	sp_io::TestExternalities::default().execute_with(|| {
		// The first entry's time, then entries at 20 and 30.
		assert_eq!((append(5), append(20), append(30)), (0, 0, 0));
		assert_eq!(Ends::get(7), ends(0, 3, 5));
		// 105: only the entry at 5 has expired; the one at 20 is the oldest now.
		assert_eq!(append(105), 1);
		assert_eq!(Ends::get(7), ends(1, 4, 20));
		assert_eq!(checked(), Ok(()));
		// Long after: two leave (the most per append), the entry at 105 is the oldest left...
		assert_eq!(append(1_000), 2);
		assert_eq!(Ends::get(7), ends(3, 5, 105));
		// ...and then the log empties: the new entry's time is the oldest.
		assert_eq!(append(2_000), 2);
		assert_eq!(Ends::get(7), ends(5, 6, 2_000));
		assert_eq!(checked(), Ok(()));
		// An entry missing behind a removed one (which `check` refuses) counts as expired, as
		// a missing oldest entry did before.
		assert_eq!(append(2_001), 0);
		Entries::remove(7, 6);
		assert!(checked().is_err());
		assert_eq!(append(2_100), 2);
		assert_eq!(Ends::get(7), ends(7, 8, 2_100));
		assert_eq!(checked(), Ok(()));
	});
}

/// `Flag::index` (the variant's discriminant) is its place in `ALL`, so bit `i` is `ALL[i]`.
#[test]
fn every_flag_s_index_is_its_place_in_all() {
	fn check<F: Flag + core::fmt::Debug>() {
		for (i, flag) in F::ALL.iter().enumerate() {
			assert_eq!(flag.index(), i, "{flag:?}");
			assert_eq!(flag.bit(), 1 << i, "{flag:?}");
		}
		assert!(F::ALL.len() <= 32);
	}
	check::<OrgKind>();
	check::<Role>();
	check::<DataCategory>();
	check::<Purpose>();
	check::<Action>();
	check::<GuardianScope>();
	check::<CategorySlot>();
}
