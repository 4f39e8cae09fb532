//! The document a request sends: parsed within the limits every document must pass
//! before anything runs, the operation picked, and input values read as JSON.

use graphql_parser::query::{Definition, Document, OperationDefinition, Value as GqlValue};
use serde_json::{Map, Value, json};

use super::validate;
use crate::hub::error::ApiError;

/// Parses a query and runs every check it must pass before anything runs: nesting
/// depth (before the parser, which recurses), syntax, fragments and expansion.
pub fn parse_checked(query: &str) -> Result<Document<'_, &str>, ApiError> {
    let invalid = |m: String| ApiError::bad_request("GRAPHQL_VALIDATION_FAILED", m);
    validate::check_depth(query).map_err(invalid)?;
    let doc = graphql_parser::parse_query(query).map_err(|e| {
        ApiError::bad_request(
            "GRAPHQL_PARSE_FAILED",
            format!("the query is not valid GraphQL: {}", e.to_string().trim()),
        )
    })?;
    validate::check_document(&doc).map_err(invalid)?;
    Ok(doc)
}

pub fn pick_operation<'d>(
    doc: &'d Document<'d, &'d str>,
    name: Option<&str>,
) -> Result<&'d OperationDefinition<'d, &'d str>, String> {
    let ops: Vec<&OperationDefinition<'_, &str>> = doc
        .definitions
        .iter()
        .filter_map(|d| match d {
            Definition::Operation(op) => Some(op),
            _ => None,
        })
        .collect();
    fn op_name<'a>(op: &OperationDefinition<'a, &'a str>) -> Option<&'a str> {
        match op {
            OperationDefinition::Mutation(m) => m.name,
            OperationDefinition::Query(q) => q.name,
            OperationDefinition::Subscription(s) => s.name,
            OperationDefinition::SelectionSet(_) => None,
        }
    }
    match name {
        Some(n) => ops
            .into_iter()
            .find(|op| op_name(op) == Some(n))
            .ok_or_else(|| format!("no operation named \"{n}\" in the document")),
        None if ops.len() == 1 => Ok(ops[0]),
        None => Err("the document has several operations; give operationName".into()),
    }
}

/// A GraphQL input value as JSON, with variables substituted.
pub fn literal<'a>(v: &GqlValue<'a, &'a str>, vars: &Map<String, Value>) -> Value {
    match v {
        GqlValue::Variable(name) => vars.get(*name).cloned().unwrap_or(Value::Null),
        GqlValue::Int(n) => n.as_i64().map(Value::from).unwrap_or(Value::Null),
        GqlValue::Float(f) => json!(f),
        GqlValue::String(s) => Value::String(s.clone()),
        GqlValue::Boolean(b) => Value::Bool(*b),
        GqlValue::Null => Value::Null,
        GqlValue::Enum(e) => Value::String(e.to_string()),
        GqlValue::List(items) => Value::Array(items.iter().map(|i| literal(i, vars)).collect()),
        GqlValue::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.to_string(), literal(v, vars)))
                .collect(),
        ),
    }
}
