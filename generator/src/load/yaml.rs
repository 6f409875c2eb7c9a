//! YAML text → the JSON tree the rest of the load stage reads.
//!
//! Built on `saphyr-parser`, a maintained pure-Rust YAML 1.2 parser (it passes the YAML test
//! suite), from its event stream straight into `serde_json::Value`, with no YAML tree in
//! between. Scalars are resolved here, by the YAML 1.2 core schema, because OpenAPI is JSON
//! written as YAML:
//! - an integer too large for 64 bits (`-9223372036854776000` in OpenAI's spec) is read as the
//!   JSON parser reads it, as a floating-point number, instead of being refused;
//! - mapping keys keep the text they are written with (`200`, `0001`, `1.10`): JSON keys are
//!   strings, and OpenAPI means the string in every such case;
//! - quoted scalars and `!!str` are strings; YAML 1.1's `yes`/`no`/`on`/`off` are strings too;
//! - merge keys (`<<: *base`, from YAML 1.1 but common in hand-written specs) are applied.
//!
//! Errors carry the line and column, and anything the parser allows but JSON cannot hold
//! (a collection as a key, a duplicate key, `.inf`) is refused with its JSON pointer.
//! Depth is bounded while building (no recursion here, none in the parser either), and so is
//! the work aliases can cause, so a "billion laughs" document is refused, not expanded.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// Nodes that aliases may add beyond those written: plenty for anchors reused as real specs
/// reuse them, far below what an exponential expansion reaches.
const ALIAS_BUDGET: usize = 1_000_000;

enum Frame {
    Sequence { items: Vec<Value>, anchor: usize },
    /// `key` is the key read and waiting for its value.
    Mapping { entries: Map<String, Value>, anchor: usize, key: Option<String>, merged: Vec<Map<String, Value>> },
}

mod halves;

/// Parses the first document of `text` (a second one is an error: a spec is one document).
/// A big one is parsed in two halves at once where it can be (`halves.rs`).
pub fn parse(file: &Path, text: &str, max_depth: usize) -> Result<Value> {
    if let Some(value) = halves::parse(text, ALIAS_BUDGET, |part| parse_whole(file, part, max_depth)) {
        return Ok(value);
    }
    parse_whole(file, text, max_depth).map(|(value, _)| value)
}

/// The document of `text`, and how many nodes its aliases added.
fn parse_whole(file: &Path, text: &str, max_depth: usize) -> Result<halves::Parsed> {
    let mut builder = Builder { file, max_depth, frames: Vec::new(), path: Vec::new(), anchors: HashMap::new(), aliased: 0, root: None, documents: 0 };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let at = e.marker();
            syntax(file, format!("invalid YAML at line {} column {}: {}", at.line(), at.col() + 1, e.info()))
        })?;
        builder.event(event, span)?;
    }
    Ok((builder.root.unwrap_or(Value::Null), builder.aliased))
}

fn syntax(file: &Path, message: String) -> Error {
    Error::spec(file, "#", message, "fix the syntax error")
}

struct Builder<'f> {
    file: &'f Path,
    max_depth: usize,
    frames: Vec<Frame>,
    /// The pointer tokens of the node being built, for messages.
    path: Vec<String>,
    anchors: HashMap<usize, (Value, usize)>,
    aliased: usize,
    root: Option<Value>,
    documents: usize,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<()> {
        let line = || format!("line {} column {}", span.start.line(), span.start.col() + 1);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(syntax(self.file, format!("invalid YAML at {}: a second document in the stream; a spec is one document", line())));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                if let Some(Frame::Mapping { key: key @ None, .. }) = self.frames.last_mut() {
                    self.path.push(text.to_string());
                    *key = Some(text.into_owned());
                    return Ok(());
                }
                let value = self.scalar(text, style, tag.as_deref(), &line)?;
                self.finish(value, anchor, &line)?;
            }
            Event::SequenceStart(anchor, _) => self.open(Frame::Sequence { items: Vec::new(), anchor })?,
            Event::MappingStart(anchor, _) => self.open(Frame::Mapping { entries: Map::new(), anchor, key: None, merged: Vec::new() })?,
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor) = match self.frames.pop() {
                    Some(Frame::Sequence { items, anchor }) => (Value::Array(items), anchor),
                    Some(Frame::Mapping { mut entries, anchor, merged, .. }) => {
                        // Keys written in the mapping win over merged ones; earlier merges over later.
                        for base in merged {
                            for (k, v) in base {
                                entries.entry(k).or_insert(v);
                            }
                        }
                        (Value::Object(entries), anchor)
                    }
                    None => return Ok(()),
                };
                if let Some(Frame::Sequence { .. }) = self.frames.last() {
                    self.path.pop();
                }
                self.finish(value, anchor, &line)?;
            }
            Event::Alias(id) => {
                let Some((value, size)) = self.anchors.get(&id) else {
                    return Err(syntax(self.file, format!("invalid YAML at {}: an alias names an anchor not defined before it", line())));
                };
                self.aliased += size;
                if self.aliased > ALIAS_BUDGET {
                    return Err(syntax(self.file, format!("invalid YAML at {}: aliases repeat more than {ALIAS_BUDGET} nodes (repetition limit exceeded)", line())));
                }
                if let Some(Frame::Mapping { key: None, .. }) = self.frames.last() {
                    return Err(self.not_a_key());
                }
                let value = value.clone();
                self.finish(value, 0, &line)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// `path` holds the token of every open collection but the root, plus a mapping's
    /// pending key: a key pushes its token, an item opened in a sequence pushes its index.
    fn open(&mut self, frame: Frame) -> Result<()> {
        match self.frames.last() {
            Some(Frame::Mapping { key: None, .. }) => return Err(self.not_a_key()),
            Some(Frame::Sequence { items, .. }) => self.path.push(items.len().to_string()),
            _ => {}
        }
        self.frames.push(frame);
        if self.frames.len() > self.max_depth + 1 {
            return Err(Error::spec(
                self.file,
                self.pointer().as_str(),
                format!("the document nests deeper than {} levels", self.max_depth),
                "flatten the schema with named components and $ref",
            ));
        }
        Ok(())
    }

    fn not_a_key(&self) -> Error {
        Error::spec(self.file, self.pointer().as_str(), "a mapping key is not a scalar", "use plain string keys")
    }

    fn pointer(&self) -> Pointer {
        self.path.iter().fold(Pointer::root(), |p, t| p.push(t))
    }

    /// The pointer of the scalar being read (in a sequence, the next item's).
    fn scalar_pointer(&self) -> Pointer {
        match self.frames.last() {
            Some(Frame::Sequence { items, .. }) => self.pointer().push(items.len().to_string()),
            _ => self.pointer(),
        }
    }

    /// A node is complete: it goes into its parent (or becomes the document).
    fn finish(&mut self, value: Value, anchor: usize, line: &dyn Fn() -> String) -> Result<()> {
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), node_count(&value)));
        }
        let file = self.file;
        match self.frames.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Sequence { items, .. }) => items.push(value),
            Some(Frame::Mapping { entries, key, merged, .. }) => {
                let key = key.take().unwrap_or_default();
                if key == "<<" {
                    match value {
                        Value::Object(base) => merged.push(base),
                        Value::Array(bases) if bases.iter().all(Value::is_object) => {
                            merged.extend(bases.into_iter().filter_map(|b| if let Value::Object(b) = b { Some(b) } else { None }));
                        }
                        _ => {
                            let at = self.path.iter().fold(Pointer::root(), |p, t| p.push(t));
                            return Err(Error::spec(file, at.as_str(), "a merge key `<<` must name a mapping or a list of mappings", "merge an anchored mapping: `<<: *base`"));
                        }
                    }
                } else if entries.contains_key(&key) {
                    self.path.pop();
                    let at = self.pointer();
                    return Err(Error::spec(
                        file,
                        at.as_str(),
                        format!("invalid YAML at {}: duplicate entry with key \"{key}\"", line()),
                        "remove or rename one of the two entries",
                    ));
                } else {
                    entries.insert(key, value);
                }
                self.path.pop();
            }
        }
        Ok(())
    }

    fn scalar(&self, text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>, line: &dyn Fn() -> String) -> Result<Value> {
        let core_tag = tag.filter(|t| t.is_yaml_core_schema()).map(|t| t.suffix.as_str());
        if style != ScalarStyle::Plain || core_tag == Some("str") {
            return Ok(Value::String(text.into_owned()));
        }
        match resolve_plain(&text) {
            Plain::Null => Ok(Value::Null),
            Plain::Bool(b) => Ok(Value::Bool(b)),
            Plain::Number(n) => Ok(Value::Number(n)),
            Plain::NotFinite => Err(Error::spec(
                self.file,
                self.scalar_pointer().as_str(),
                format!("the number `{text}` at {} cannot be represented in JSON", line()),
                "use a finite number, or quote it to make it a string",
            )),
            Plain::String => Ok(Value::String(text.into_owned())),
        }
    }
}

enum Plain {
    Null,
    Bool(bool),
    Number(Number),
    NotFinite,
    String,
}

/// A plain scalar by the YAML 1.2 core schema.
fn resolve_plain(text: &str) -> Plain {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN" => return Plain::NotFinite,
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let signed = text.strip_prefix('+').unwrap_or(text);
        if let Ok(i) = signed.parse::<i64>() {
            return Plain::Number(i.into());
        }
        if let Ok(u) = signed.parse::<u64>() {
            return Plain::Number(u.into());
        }
        // Beyond 64 bits: the nearest double, as a JSON parser reads it.
        return signed.parse::<f64>().ok().and_then(Number::from_f64).map_or(Plain::String, Plain::Number);
    }
    for (prefix, radix) in [("0o", 8), ("0x", 16)] {
        if let Some(digits) = text.strip_prefix(prefix)
            && !digits.is_empty()
            && let Ok(u) = u64::from_str_radix(digits, radix)
        {
            return Plain::Number(u.into());
        }
    }
    if is_core_float(text) {
        return text.parse::<f64>().ok().and_then(Number::from_f64).map_or(Plain::NotFinite, Plain::Number);
    }
    Plain::String
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_core_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match fraction {
        None => !whole.is_empty() && all_digits(whole),
        Some(f) => all_digits(whole) && all_digits(f) && (!whole.is_empty() || !f.is_empty()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exponent_ok && !(whole.is_empty() && fraction == Some(""))
}

fn node_count(value: &Value) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count += 1;
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Value> {
        parse(Path::new("t.yaml"), text, 96)
    }

    #[test]
    fn reads_scalars_by_the_core_schema() {
        let doc = read("a: 1\nb: -9223372036854776000\nc: 1.5e3\nd: yes\ne: '12'\nf: ~\ng: 0x1F\nh: true\ni: 18446744073709551615\nj: !!str 7\nk: 1.\n").unwrap();
        assert_eq!(doc["a"], Value::from(1));
        assert_eq!(doc["b"].as_f64(), Some(-9.223372036854776e18), "an integer beyond 64 bits is a double, as in JSON");
        assert_eq!(doc["c"], Value::from(1500.0));
        assert_eq!(doc["d"], Value::from("yes"), "YAML 1.1 booleans are strings in 1.2");
        assert_eq!(doc["e"], Value::from("12"));
        assert_eq!(doc["f"], Value::Null);
        assert_eq!(doc["g"], Value::from(31));
        assert_eq!(doc["h"], Value::from(true));
        assert_eq!(doc["i"], Value::from(u64::MAX));
        assert_eq!(doc["j"], Value::from("7"));
        assert_eq!(doc["k"], Value::from(1.0));
    }

    #[test]
    fn keys_keep_their_text() {
        let doc = read("responses:\n  200: {description: ok}\n  0001: x\n  1.10: y\n  null: z\n").unwrap();
        let keys: Vec<&String> = doc["responses"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["200", "0001", "1.10", "null"]);
    }

    #[test]
    fn applies_anchors_aliases_and_merge_keys() {
        let doc = read("base: &b {type: string, format: uuid}\nid: {<<: *b, format: email}\nlist: [*b, *b]\n").unwrap();
        assert_eq!(doc["id"], serde_json::json!({"format": "email", "type": "string"}));
        assert_eq!(doc["list"][1], serde_json::json!({"type": "string", "format": "uuid"}));
    }

    #[test]
    fn refuses_with_a_location() {
        let e = read("a: 1\nb: {c: 2\n").unwrap_err().to_string();
        assert!(e.contains("invalid YAML at line 3"), "{e}");
        let e = read("a:\n  b: 1\n  b: 2\n").unwrap_err();
        let p = e.problem().unwrap();
        assert_eq!(p.pointer, "#/a");
        assert!(p.message.contains("duplicate entry with key \"b\"") && p.message.contains("line 3"), "{}", p.message);
        let e = read("a:\n  - [1, 2]: x\n").unwrap_err();
        assert_eq!(e.problem().unwrap().pointer, "#/a/0");
        let e = read("x: [1, .inf]\n").unwrap_err();
        assert_eq!(e.problem().unwrap().pointer, "#/x/1");
        let e = read(&format!("x: {}1{}\n", "[".repeat(200), "]".repeat(200))).unwrap_err();
        assert!(e.problem().unwrap().pointer.starts_with("#/x/0/0/0"), "{e}");
    }
}
