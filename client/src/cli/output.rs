//! How answers are printed: a table or `key: value` lines for a person, JSON with --json.

use serde_json::Value;

/// Where answers go.
pub struct Output {
	/// JSON instead of tables.
	pub json: bool,
}

impl Output {
	/// One object: `key: value` lines, or the object as JSON.
	pub fn object(&self, fields: &[(&str, Value)]) {
		if self.json {
			let object: serde_json::Map<String, Value> =
				fields.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
			println!("{}", Value::Object(object));
			return;
		}
		let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
		for (key, value) in fields {
			println!("{key:<width$}  {}", plain(value));
		}
	}

	/// Rows under `columns`: an aligned table, or an array of objects as JSON.
	pub fn table(&self, columns: &[&str], rows: &[Vec<Value>]) {
		if self.json {
			let rows: Vec<Value> = rows
				.iter()
				.map(|row| {
					Value::Object(
						columns.iter().zip(row).map(|(c, v)| (c.to_string(), v.clone())).collect(),
					)
				})
				.collect();
			println!("{}", Value::Array(rows));
			return;
		}
		let cells: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(plain).collect()).collect();
		let widths: Vec<usize> = (0..columns.len())
			.map(|i| {
				cells
					.iter()
					.map(|r| r.get(i).map_or(0, String::len))
					.chain([columns[i].len()])
					.max()
			})
			.map(|w| w.unwrap_or(0))
			.collect();
		let line = |row: Vec<String>| {
			let padded: Vec<String> =
				row.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
			println!("{}", padded.join("  ").trim_end());
		};
		line(columns.iter().map(|c| c.to_uppercase()).collect());
		for row in cells {
			line(row);
		}
		if rows.is_empty() {
			println!("(none)");
		}
	}
}

impl Output {
	/// A page of a patient's log (consent history, audit trail): sequence number, time, actor,
	/// and what happened under the column `what`.
	pub fn log(&self, what: &str, entries: impl Iterator<Item = (u64, u64, String, String)>) {
		let rows: Vec<Vec<Value>> = entries
			.map(|(sequence, at, actor, entry)| {
				vec![Value::from(sequence), Value::from(at), Value::from(actor), Value::from(entry)]
			})
			.collect();
		self.table(&["sequence", "at", "actor", what], &rows);
	}
}

/// A value as a person reads it: strings without quotes, lists joined by commas.
fn plain(value: &Value) -> String {
	match value {
		Value::String(s) => s.clone(),
		Value::Null => "-".into(),
		Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(","),
		other => other.to_string(),
	}
}

/// A progress bar on stderr for long batch work: `[#####.....] 512/1000 commissioned`.
pub struct Progress {
	total: usize,
	what: &'static str,
	shown: bool,
}

impl Progress {
	/// A bar for `total` steps of `what`; drawn only when stderr is a terminal.
	pub fn new(total: usize, what: &'static str) -> Progress {
		use std::io::IsTerminal;
		Progress { total, what, shown: std::io::stderr().is_terminal() }
	}

	/// Redraws the bar at `done` steps.
	pub fn set(&self, done: usize) {
		if !self.shown || self.total == 0 {
			return;
		}
		let filled = done.min(self.total) * 30 / self.total;
		eprint!(
			"\r[{}{}] {done}/{} {}",
			"#".repeat(filled),
			".".repeat(30 - filled),
			self.total,
			self.what
		);
		if done >= self.total {
			eprintln!();
		}
	}
}
