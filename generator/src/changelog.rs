//! `CHANGELOG.md` of a generated crate: newest entry first, in the Keep a Changelog style.
//!
//! The generator writes only the title block and the newest entry; every older entry is kept
//! byte for byte, so the file is append-only in effect even though regeneration rewrites it.

/// A changelog entry: `## [version] - date` and a list of changes in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub version: String,
    pub date: String,
    pub lines: Vec<String>,
}

impl Entry {
    fn render(&self) -> String {
        let lines: String = self.lines.iter().map(|l| format!("- {l}\n")).collect();
        format!("## [{}] - {}\n\n{lines}", self.version, self.date)
    }

    /// Parses `## [version] - date` followed by `- ` lines; `None` for anything else.
    fn parse(text: &str) -> Option<Entry> {
        let mut lines = text.lines();
        let (version, date) = lines.next()?.strip_prefix("## [")?.split_once("] - ")?;
        let mut items = Vec::new();
        for line in lines.filter(|l| !l.trim().is_empty()) {
            items.push(line.strip_prefix("- ")?.to_string());
        }
        Some(Entry {
            version: version.to_string(),
            date: date.trim().to_string(),
            lines: items,
        })
    }
}

/// A changelog split into the generator's title block, its newest entry and the older text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changelog {
    /// The newest entry, when it is one this module can read.
    pub top: Option<Entry>,
    /// Everything after the newest entry, or the whole previous file when it was not ours.
    pub rest: String,
}

impl Changelog {
    /// Reads a changelog this generator wrote (`owned`) or one it finds beside its files.
    /// A file it did not write is kept whole, below the generator's entries.
    pub fn parse(text: &str, owned: bool) -> Changelog {
        if !owned {
            return Changelog { top: None, rest: text.to_string() };
        }
        let mut starts = text.match_indices("\n## [").map(|(i, _)| i + 1);
        let Some(first) = starts.next() else {
            return Changelog::default();
        };
        let end = starts.next().unwrap_or(text.len());
        match Entry::parse(&text[first..end]) {
            Some(top) => Changelog {
                top: Some(top),
                rest: text[end..].to_string(),
            },
            None => Changelog {
                top: None,
                rest: text[first..].to_string(),
            },
        }
    }

    /// The file: title block, newest entry, older entries.
    pub fn render(&self, crate_name: &str) -> String {
        let mut out = title(crate_name);
        if let Some(top) = &self.top {
            out.push('\n');
            out.push_str(&top.render());
        }
        if !self.rest.trim().is_empty() {
            out.push('\n');
            out.push_str(self.rest.trim_start_matches('\n'));
        }
        out
    }

    /// Puts a new entry on top; the previous top becomes history.
    pub fn prepend(&mut self, entry: Entry) {
        if let Some(previous) = self.top.take() {
            let older = std::mem::take(&mut self.rest);
            self.rest = if older.trim().is_empty() { previous.render() } else { format!("{}\n{older}", previous.render()) };
        }
        self.top = Some(entry);
    }
}

fn title(crate_name: &str) -> String {
    format!(
        "# Changelog

All notable changes to `{crate_name}`, newest first.

`cargo xtask codegen` writes each entry from the difference between two versions of the API
description. Versions follow [Semantic Versioning](https://semver.org): while the major version
is 0, a breaking change bumps the minor version and anything else the patch version. The format
follows [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).
"
    )
}

/// `YYYY-MM-DD` (UTC) of a Unix time, for changelog dates.
pub fn date_from_unix(seconds: u64) -> String {
    // Howard Hinnant's days-to-civil algorithm, for the proleptic Gregorian calendar.
    let days = (seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_unix_time() {
        assert_eq!(date_from_unix(0), "1970-01-01");
        assert_eq!(date_from_unix(951_782_400), "2000-02-29");
        assert_eq!(date_from_unix(1_000_000_000), "2001-09-09");
        assert_eq!(date_from_unix(1_709_251_199), "2024-02-29");
    }

    #[test]
    fn older_entries_are_kept_verbatim_below_a_new_one() {
        let mut log = Changelog::default();
        log.prepend(Entry { version: "0.1.0".into(), date: "2024-01-01".into(), lines: vec!["Initial release.".into()] });
        let first = log.render("demo");
        let mut reread = Changelog::parse(&first.replace("- Initial release.", "- Initial release (edited by hand)."), true);
        assert_eq!(reread.top.as_ref().map(|e| e.version.as_str()), Some("0.1.0"));
        reread.prepend(Entry { version: "0.2.0".into(), date: "2024-02-01".into(), lines: vec!["Breaking: removed `x`".into()] });
        let second = reread.render("demo");
        assert!(second.contains("## [0.2.0] - 2024-02-01\n\n- Breaking: removed `x`\n\n## [0.1.0] - 2024-01-01\n\n- Initial release (edited by hand).\n"), "{second}");
        assert_eq!(Changelog::parse(&second, true).render("demo"), second, "parsing and rendering round-trips");
    }

    #[test]
    fn a_changelog_the_generator_did_not_write_is_kept_whole() {
        let mine = "# My notes\n\nSomething hand-written.\n";
        let mut log = Changelog::parse(mine, false);
        log.prepend(Entry { version: "1.0.0".into(), date: "2024-01-01".into(), lines: vec!["Initial release.".into()] });
        let text = log.render("demo");
        assert!(text.ends_with(mine), "{text}");
        assert!(text.contains("## [1.0.0] - 2024-01-01"));
    }
}
