//! GS1 element strings as a scanner reads them off a package (the DSCSA product identifier):
//! `(01)00300123456785(21)SN1(10)A2611(17)271231` in the human-readable form, or the same
//! without parentheses, variable-length fields ended by the group separator (ASCII 29) as a
//! barcode scanner sends them.

use crate::Error;
use caduceus_primitives::{identifiers::gs1_check_digit_valid, DAY_MS};

/// The four elements of a package's identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElementString {
	/// AI (01): GTIN-14.
	pub gtin: [u8; 14],
	/// AI (21): serial.
	pub serial: Vec<u8>,
	/// AI (10): lot.
	pub lot: Vec<u8>,
	/// AI (17): expiry, `YYMMDD`.
	pub expiry: [u8; 6],
}

/// The most characters of a serial, AI (21), or a lot, AI (10).
pub const MAX_CODE_LENGTH: usize = 20;

/// `code` if it is a serial or lot the chain takes: 1 to 20 characters of GS1's set 82
/// (printable ASCII; checked by the chain in full).
pub fn check_code(what: &str, code: &[u8]) -> Result<(), Error> {
	if code.is_empty() || code.len() > MAX_CODE_LENGTH || !code.iter().all(u8::is_ascii_graphic) {
		return Err(Error::Input(format!(
			"{what} `{}`: 1 to {MAX_CODE_LENGTH} printable ASCII characters",
			String::from_utf8_lossy(code)
		)));
	}
	Ok(())
}

/// The group separator that ends a variable-length field in a scanned string.
const GS: char = '\u{1d}';

/// Reads `text`, in either form, with the four AIs in any order.
pub fn parse(text: &str) -> Result<ElementString, Error> {
	let text = text.trim().trim_start_matches("]d2").trim_start_matches("]C1");
	let fields = if text.starts_with('(') { bracketed(text)? } else { scanned(text)? };
	let find = |ai: &str| {
		fields
			.iter()
			.find(|(a, _)| a == ai)
			.map(|(_, v)| v.clone())
			.ok_or_else(|| Error::Input(format!("the element string has no ({ai})")))
	};
	let gtin: [u8; 14] = find("01")?
		.into_bytes()
		.try_into()
		.map_err(|_| Error::Input("(01) must be 14 digits".into()))?;
	if !gtin.iter().all(u8::is_ascii_digit) || !gs1_check_digit_valid(&gtin) {
		return Err(Error::Input("(01) is not a GTIN-14 with a valid check digit".into()));
	}
	let expiry: [u8; 6] = find("17")?
		.into_bytes()
		.try_into()
		.map_err(|_| Error::Input("(17) must be YYMMDD".into()))?;
	expiry_ms(&expiry)?;
	let (serial, lot) = (find("21")?.into_bytes(), find("10")?.into_bytes());
	check_code("(21)", &serial)?;
	check_code("(10)", &lot)?;
	Ok(ElementString { gtin, serial, lot, expiry })
}

fn bracketed(text: &str) -> Result<Vec<(String, String)>, Error> {
	let mut fields = Vec::new();
	for part in text.split('(').skip(1) {
		let (ai, value) =
			part.split_once(')').ok_or_else(|| Error::Input(format!("unclosed AI in `{part}`")))?;
		fields.push((ai.to_string(), value.to_string()));
	}
	Ok(fields)
}

fn scanned(text: &str) -> Result<Vec<(String, String)>, Error> {
	let mut fields = Vec::new();
	let mut rest = text;
	while !rest.is_empty() {
		let ai = rest.get(..2).ok_or_else(|| Error::Input("a truncated AI".into()))?;
		let body = &rest[2..];
		let length = match ai {
			"01" => Some(14),
			"17" => Some(6),
			"10" | "21" => None,
			other => return Err(Error::Input(format!("AI ({other}) is not read here"))),
		};
		let (value, next) = match length {
			Some(n) => {
				(body.get(..n).ok_or_else(|| Error::Input(format!("({ai}) is short")))?, &body[n..])
			},
			None => body.split_once(GS).unwrap_or((body, "")),
		};
		fields.push((ai.to_string(), value.to_string()));
		rest = next.trim_start_matches(GS);
	}
	Ok(fields)
}

/// An AI (17) date as the chain keeps expiries: the last millisecond of that day, UTC. A day
/// of `00` is the month's last day (GS1 General Specifications, 7.12). Years are 2000 to 2099.
pub fn expiry_ms(yymmdd: &[u8; 6]) -> Result<u64, Error> {
	if !yymmdd.iter().all(u8::is_ascii_digit) {
		return Err(Error::Input("(17) must be YYMMDD, six digits".into()));
	}
	let number = |at: usize| u32::from(yymmdd[at] - b'0') * 10 + u32::from(yymmdd[at + 1] - b'0');
	let (year, month, day) = (2000 + number(0), number(2), number(4));
	if !(1..=12).contains(&month) {
		return Err(Error::Input(format!("(17) month {month} does not exist")));
	}
	let last = days_in_month(year, month);
	let day = if day == 0 { last } else { day };
	if day > last {
		return Err(Error::Input(format!("(17) day {day} does not exist in month {month}")));
	}
	let days = days_since_epoch(year, month, day);
	Ok((days + 1) * DAY_MS - 1)
}

fn days_in_month(year: u32, month: u32) -> u32 {
	let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	[31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1]
}

/// Days from 1970-01-01 to the date (proleptic Gregorian).
fn days_since_epoch(year: u32, month: u32, day: u32) -> u64 {
	let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
	let era = y / 400;
	let year_of_era = y - era * 400;
	let day_of_year = (153 * m + 2) / 5 + day - 1;
	let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	(era as u64 * 146_097 + day_of_era as u64) - 719_468
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn both_forms_read_the_same_identifier() {
		let bracketed = parse("(01)00300123456785(21)SN1(10)A2611(17)271231").unwrap();
		let scanned = parse("]d201003001234567851727123110A2611\u{1d}21SN1").unwrap();
		assert_eq!(bracketed, scanned);
		assert_eq!(bracketed.serial, b"SN1");
		assert_eq!(bracketed.lot, b"A2611");
	}

	#[test]
	fn a_bad_check_digit_or_a_missing_element_is_refused() {
		let bad = parse("(01)00300123456784(21)SN1(10)A2611(17)271231").unwrap_err();
		assert!(bad.to_string().contains("check digit"));
		let missing = parse("(01)00300123456785(21)SN1(17)271231").unwrap_err();
		assert!(missing.to_string().contains("no (10)"));
		assert!(parse("(01)00300123456785(21)S(10)L(17)271331").is_err(), "month 13");
		assert!(expiry_ms(b"27+131").is_err(), "a sign is no digit");
		let long = format!("(01)00300123456785(21){}(10)L(17)271231", "S".repeat(21));
		assert!(parse(&long).unwrap_err().to_string().contains("1 to 20"));
		assert!(parse("(01)00300123456785(21)S(10)L(17)2\u{e9}123").is_err(), "not ASCII");
	}

	#[test]
	fn an_expiry_is_the_last_millisecond_of_its_day() {
		// 2027-12-31T23:59:59.999Z
		assert_eq!(expiry_ms(b"271231").unwrap(), 1_830_297_599_999);
		// Day 00: the month's last day (2028 is a leap year).
		assert_eq!(expiry_ms(b"280200").unwrap(), expiry_ms(b"280229").unwrap());
		assert_eq!(expiry_ms(b"700101").is_ok(), true);
	}
}
