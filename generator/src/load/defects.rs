//! Defects of real specs that have one sensible reading, repaired in any version with a
//! located warning, so lowering sees what the author meant.

use serde_json::{Map, Value};

use super::schemas;
use crate::pointer::Pointer;

pub fn repair(doc: &mut Value, warn: &mut dyn FnMut(&Pointer, String)) {
    schemas::for_each_in_document(doc, &mut |at, schema| required_inside_properties(at, schema, warn));
}

/// `required: true` on a property (Swagger 2.0's parameter spelling; Sunshine Conversations
/// writes it in a parameter's schema) means the property is in its object's `required` list.
fn required_inside_properties(at: &Pointer, schema: &mut Map<String, Value>, warn: &mut dyn FnMut(&Pointer, String)) {
    let Some(Value::Object(properties)) = schema.get_mut("properties") else { return };
    let mut required = Vec::new();
    for (name, property) in properties.iter_mut() {
        let Some(property) = property.as_object_mut() else { continue };
        if let Some(Value::Bool(flag)) = property.get("required") {
            let flag = *flag;
            property.remove("required");
            warn(
                &at.push("properties").push(name).push("required"),
                format!("`required: {flag}` on a property is read as {} the object's `required` list", if flag { "an entry of" } else { "absence from" }),
            );
            if flag {
                required.push(name.clone());
            }
        }
    }
    if required.is_empty() {
        return;
    }
    let list = schema.entry("required").or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = list {
        for name in required {
            if !list.iter().any(|n| *n == *name) {
                list.push(Value::String(name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_required_flags_into_the_list() {
        let mut doc = serde_json::json!({"components": {"schemas": {"Q": {"type": "object", "required": ["a"], "properties": {
            "a": {"type": "string"}, "b": {"type": "string", "required": true}, "c": {"type": "string", "required": false},
        }}}}});
        let mut warnings = Vec::new();
        repair(&mut doc, &mut |at, message| warnings.push(format!("{at}: {message}")));
        let q = &doc["components"]["schemas"]["Q"];
        assert_eq!(q["required"], serde_json::json!(["a", "b"]));
        assert_eq!(q["properties"]["b"], serde_json::json!({"type": "string"}));
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].starts_with("#/components/schemas/Q/properties/b/required: `required: true`"), "{warnings:?}");
    }
}
