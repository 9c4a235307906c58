//! Check digits of the public registry numbers Caduceus stores: GS1 keys (GLN, GTIN) and the
//! US National Provider Identifier. A mistyped number is refused before it reaches storage.

/// The GS1 mod-10 check digit (ASCII) of `body`, ASCII digits: weights 3 and 1 alternate from
/// the right of the body.
pub fn gs1_check_digit(body: &[u8]) -> u8 {
	let sum: u32 = body
		.iter()
		.rev()
		.enumerate()
		.map(|(i, d)| {
			u32::from(d.wrapping_sub(b'0')).saturating_mul(if i % 2 == 0 { 3 } else { 1 })
		})
		.fold(0u32, |sum, term| sum.saturating_add(term));
	// `sum % 10` is at most 9, so the digit is `b'0'` to `b'9'`.
	b'0'.saturating_add((10u32.saturating_sub(sum % 10) % 10) as u8)
}

/// The GS1 key of `N` digits (GTIN-14, SSCC-18...) made of `body`, its `N - 1` leading ASCII
/// digits, and their check digit.
///
/// Digits missing from a short `body` are `0`s, extra ones are ignored.
pub fn with_gs1_check_digit<const N: usize>(body: &[u8]) -> [u8; N] {
	let mut key = [b'0'; N];
	if let Some((check, digits)) = key.split_last_mut() {
		for (digit, given) in digits.iter_mut().zip(body) {
			*digit = *given;
		}
		*check = gs1_check_digit(digits);
	}
	key
}

/// Whether `digits` are ASCII digits whose last is the GS1 mod-10 check digit of the others
/// (GLN-13, GTIN-8/12/13/14, SSCC-18).
pub fn gs1_check_digit_valid(digits: &[u8]) -> bool {
	let Some((check, body)) = digits.split_last() else {
		return false;
	};
	digits.iter().all(u8::is_ascii_digit) && gs1_check_digit(body) == *check
}

/// Whether `npi` is ten ASCII digits passing the NPI check: Luhn over "80840" and the ten digits.
pub fn npi_valid(npi: &[u8; 10]) -> bool {
	if !npi.iter().all(u8::is_ascii_digit) {
		return false;
	}
	let sum: u32 = b"80840"
		.iter()
		.chain(npi.iter())
		.rev()
		.enumerate()
		.map(|(i, d)| {
			// An ASCII digit (checked above): `d` is 0 to 9, `doubled` 0 to 18.
			let d = u32::from(d.saturating_sub(b'0'));
			if i % 2 == 1 {
				let doubled = d.saturating_mul(2);
				// The sum of `doubled`'s two decimal digits.
				if doubled >= 10 {
					doubled.saturating_sub(9)
				} else {
					doubled
				}
			} else {
				d
			}
		})
		.fold(0u32, |sum, term| sum.saturating_add(term));
	sum.is_multiple_of(10)
}
