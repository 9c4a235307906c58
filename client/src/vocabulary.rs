//! The chain's vocabulary (categories, purposes, actions, roles, kinds of organisation) by name,
//! as a person types it: `lab-results`, `LabResults` and `lab_results` all name one category.

use crate::Error;
use caduceus_primitives::Flag;

/// The `F` named `name`.
pub fn parse<F: Flag + core::fmt::Debug>(name: &str) -> Result<F, Error> {
	let wanted = normalised(name);
	F::ALL.iter().copied().find(|member| normalised(&format!("{member:?}")) == wanted).ok_or_else(
		|| {
			let known: Vec<String> = F::ALL.iter().map(|m| kebab(&format!("{m:?}"))).collect();
			Error::Input(format!("unknown name `{name}`; one of: {}", known.join(", ")))
		},
	)
}

/// The `F`s named in a comma-separated list.
pub fn parse_list<F: Flag + core::fmt::Debug>(names: &str) -> Result<Vec<F>, Error> {
	names.split(',').filter(|n| !n.trim().is_empty()).map(|n| parse(n.trim())).collect()
}

/// `member`'s name as the command line shows it: `lab-results`.
pub fn name<F: core::fmt::Debug>(member: &F) -> String {
	kebab(&format!("{member:?}"))
}

fn normalised(name: &str) -> String {
	name.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

fn kebab(camel: &str) -> String {
	let mut out = String::new();
	for (i, c) in camel.chars().enumerate() {
		if c.is_ascii_uppercase() && i > 0 {
			out.push('-');
		}
		out.push(c.to_ascii_lowercase());
	}
	out
}

#[cfg(test)]
mod tests {
	use super::*;
	use caduceus_primitives::{DataCategory, Purpose};

	#[test]
	fn names_are_read_in_any_case_and_shown_in_kebab_case() {
		assert_eq!(parse::<DataCategory>("lab-results").unwrap(), DataCategory::LabResults);
		assert_eq!(parse::<DataCategory>("LabResults").unwrap(), DataCategory::LabResults);
		assert_eq!(parse_list::<Purpose>("treatment, payment").unwrap().len(), 2);
		assert_eq!(name(&DataCategory::MentalHealth), "mental-health");
		let unknown = parse::<Purpose>("gossip").unwrap_err().to_string();
		assert!(unknown.contains("unknown name `gossip`") && unknown.contains("treatment"));
	}
}
