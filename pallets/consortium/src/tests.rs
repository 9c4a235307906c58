//! What the consortium sees: a root-only call enacted by its decision, and refused otherwise.

use crate::{mock::*, Event};
use frame_support::{assert_noop, assert_ok, dispatch::Pays};
use sp_runtime::DispatchError;

fn set_heap_pages(pages: u64) -> Box<RuntimeCall> {
	Box::new(RuntimeCall::System(frame_system::Call::set_heap_pages { pages }))
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| if let RuntimeEvent::Consortium(e) = r.event { Some(e) } else { None })
		.expect("a consortium event")
}

#[test]
fn the_consortium_enacts_a_root_only_call() {
	new_test_ext().execute_with(|| {
		let heap_pages_key = sp_core::storage::well_known_keys::HEAP_PAGES;
		let post = Consortium::enact(RuntimeOrigin::signed(1), set_heap_pages(64)).unwrap();
		assert_eq!(post.pays_fee, Pays::No);
		assert_eq!(last_event(), Event::Enacted { result: Ok(()) });
		assert_eq!(sp_io::storage::get(heap_pages_key).as_deref(), Some(&64u64.to_le_bytes()[..]));
	});
}

#[test]
fn the_enacted_calls_failure_is_reported_not_hidden() {
	new_test_ext().execute_with(|| {
		let needs_signed = Box::new(RuntimeCall::System(frame_system::Call::remark_with_event {
			remark: vec![1],
		}));
		assert_ok!(Consortium::enact(RuntimeOrigin::signed(1), needs_signed));
		assert_eq!(last_event(), Event::Enacted { result: Err(DispatchError::BadOrigin) });
	});
}

#[test]
fn nobody_else_enacts() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Consortium::enact(RuntimeOrigin::signed(2), set_heap_pages(64)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::enact(RuntimeOrigin::none(), set_heap_pages(64)),
			DispatchError::BadOrigin
		);
	});
}
