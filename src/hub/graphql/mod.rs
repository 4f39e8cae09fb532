//! `POST /graphql`: the two mutations the published `@forge/realtime` package sends
//! (`ecosystem.publishRealtimeChannel` and `ecosystem.signRealtimeToken`), parsed
//! with a real GraphQL parser and answered with exactly the fields selected, so
//! unmodified resolver code runs against the hub.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use graphql_parser::query::{
    Definition, Field, FragmentDefinition, OperationDefinition, Selection, SelectionSet,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::channel::ModuleContext;
use crate::hub::body::read_json;
use crate::hub::error::ApiError;
use crate::hub::facade::{Hub, PublishCall};
use crate::protocol::TokenRequest;

mod document;
mod validate;

pub use document::parse_checked;
use document::{literal, pick_operation};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphqlRequest {
    query: String,
    #[serde(default)]
    variables: Option<Value>,
    #[serde(default)]
    operation_name: Option<String>,
}

/// A field error: becomes one entry of the response's `errors`, and `null` data.
struct FieldError {
    message: String,
    code: String,
    status: u16,
}

impl From<ApiError> for FieldError {
    fn from(e: ApiError) -> FieldError {
        FieldError {
            message: e.message,
            code: e.code,
            status: e.status.as_u16(),
        }
    }
}

fn field_error(message: impl Into<String>) -> FieldError {
    FieldError {
        message: message.into(),
        code: "GRAPHQL_VALIDATION_FAILED".into(),
        status: 400,
    }
}

/// Everything a request's execution needs.
struct Exec<'q> {
    hub: &'q Hub,
    headers: &'q HeaderMap,
    variables: Map<String, Value>,
    fragments: HashMap<&'q str, &'q FragmentDefinition<'q, &'q str>>,
    errors: Vec<Value>,
    publishes: Publishes,
}

/// Publishing may wait on a cluster's Redis, and the executor does not await (it
/// borrows the parsed document throughout): a first pass collects each publish's
/// checked arguments in document order, they run, and the second pass answers with
/// their results in the same order. Nothing else has effects, so the first pass
/// changes nothing. Each pass parses the query again: a parsed document borrowing the
/// request cannot be held across the awaits in between (the handler's future would
/// not be provably Send), and a small mutation parses in microseconds.
enum Publishes {
    Collect(Vec<Result<OwnedPublish, FieldError>>),
    Answer(std::collections::VecDeque<Result<crate::protocol::PublishResult, FieldError>>),
}

pub async fn handle(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Body) -> Response {
    if let Err(e) = hub.authorize(&headers) {
        return graphql_http_error(e);
    }
    let req: GraphqlRequest = match read_json(hub.body_limit(), body).await {
        Ok(r) => r,
        Err(e) => return graphql_http_error(e),
    };
    let variables = match &req.variables {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => {
            return graphql_http_error(ApiError::bad_request(
                "GRAPHQL_VALIDATION_FAILED",
                "variables must be a JSON object",
            ));
        }
    };
    let plan = match execute(
        &hub,
        &headers,
        &req,
        &variables,
        Publishes::Collect(Vec::new()),
    ) {
        Ok(p) => p,
        Err(e) => return graphql_http_error(e),
    };
    // The document's operations are admitted against the rate budget together, before
    // any runs: a 429 always means that nothing was done (the SDK retries on 429).
    if plan.operations > 0
        && let Ok(Some(context)) = hub.context_from_headers(&headers)
        && let Err(e) = hub.rate_n(&context.installation_id, plan.operations).await
    {
        // The package maps exactly this status text to RATE_LIMIT_EXCEEDED.
        return graphql_http_error(e);
    }
    let collected = match plan.publishes {
        Publishes::Collect(c) => c,
        Publishes::Answer(_) => Vec::new(),
    };
    let mut answers = std::collections::VecDeque::with_capacity(collected.len());
    for call in collected {
        answers.push_back(match call {
            Ok(call) => call.run(&hub).await.map_err(FieldError::from),
            Err(e) => Err(e),
        });
    }
    let outcome = match execute(&hub, &headers, &req, &variables, Publishes::Answer(answers)) {
        Ok(o) => o,
        Err(e) => return graphql_http_error(e),
    };
    let mut out = Map::new();
    out.insert("data".into(), outcome.data);
    if !outcome.errors.is_empty() {
        out.insert("errors".into(), Value::Array(outcome.errors));
    }
    axum::Json(Value::Object(out)).into_response()
}

/// What one pass over the document gives.
struct Outcome {
    operations: u32,
    data: Value,
    errors: Vec<Value>,
    publishes: Publishes,
}

/// One pass over the request's mutation (see [`Publishes`]).
fn execute(
    hub: &Hub,
    headers: &HeaderMap,
    req: &GraphqlRequest,
    variables: &Map<String, Value>,
    publishes: Publishes,
) -> Result<Outcome, ApiError> {
    let doc = parse_checked(&req.query)?;
    let operation = pick_operation(&doc, req.operation_name.as_deref())
        .map_err(|m| ApiError::bad_request("GRAPHQL_VALIDATION_FAILED", m))?;
    let (selection, defaults) = match operation {
        OperationDefinition::Mutation(m) => (&m.selection_set, &m.variable_definitions),
        _ => {
            return Err(ApiError::bad_request(
                "GRAPHQL_VALIDATION_FAILED",
                "this hub answers only the mutations ecosystem.publishRealtimeChannel and ecosystem.signRealtimeToken",
            ));
        }
    };
    let mut exec = Exec {
        hub,
        headers,
        variables: variables.clone(),
        fragments: HashMap::new(),
        errors: Vec::new(),
        publishes,
    };
    for def in &doc.definitions {
        if let Definition::Fragment(f) = def {
            exec.fragments.insert(f.name, f);
        }
    }
    for def in defaults {
        if !exec.variables.contains_key(def.name)
            && let Some(default) = &def.default_value
        {
            let v = literal(default, &Map::new());
            exec.variables.insert(def.name.to_string(), v);
        }
    }
    let operations = exec.operations(selection);
    let data = exec.mutation(selection);
    Ok(Outcome {
        operations,
        data,
        errors: exec.errors,
        publishes: exec.publishes,
    })
}

/// An error outside execution: HTTP status kept, body in the GraphQL error shape.
fn graphql_http_error(e: ApiError) -> Response {
    let status = e.status;
    if status == StatusCode::TOO_MANY_REQUESTS {
        return e.into_response();
    }
    let body = json!({"data": null, "errors": [{"message": e.message, "extensions": {"code": e.code, "statusCode": status.as_u16()}}]});
    (status, axum::Json(body)).into_response()
}

impl<'q> Exec<'q> {
    /// The fields of a selection set, with fragments flattened.
    fn fields(&self, set: &'q SelectionSet<'q, &'q str>) -> Vec<&'q Field<'q, &'q str>> {
        let mut out = Vec::new();
        for item in &set.items {
            match item {
                Selection::Field(f) => out.push(f),
                Selection::InlineFragment(f) => out.extend(self.fields(&f.selection_set)),
                Selection::FragmentSpread(s) => {
                    if let Some(f) = self.fragments.get(s.fragment_name) {
                        out.extend(self.fields(&f.selection_set));
                    }
                }
            }
        }
        out
    }

    /// The platform operations (publishes and token signings) a mutation holds,
    /// fragments expanded; each takes one unit of the rate budget.
    fn operations(&self, set: &'q SelectionSet<'q, &'q str>) -> u32 {
        self.fields(set)
            .into_iter()
            .filter(|f| f.name == "ecosystem")
            .flat_map(|f| self.fields(&f.selection_set))
            .filter(|f| matches!(f.name, "publishRealtimeChannel" | "signRealtimeToken"))
            .count()
            .try_into()
            .unwrap_or(u32::MAX)
    }

    fn args(&self, field: &Field<'q, &'q str>) -> Map<String, Value> {
        field
            .arguments
            .iter()
            .map(|(k, v)| (k.to_string(), literal(v, &self.variables)))
            .collect()
    }

    fn error(&mut self, path: &[&str], e: FieldError) {
        self.errors.push(json!({
            "message": e.message,
            "path": path,
            "extensions": {"code": e.code, "statusCode": e.status},
        }));
    }

    fn mutation(&mut self, set: &'q SelectionSet<'q, &'q str>) -> Value {
        let mut data = Map::new();
        for field in self.fields(set) {
            let key = field.alias.unwrap_or(field.name);
            match field.name {
                "__typename" => {
                    data.insert(key.into(), json!("Mutation"));
                }
                "ecosystem" => {
                    let v = self.ecosystem(field, key);
                    data.insert(key.into(), v);
                }
                other => {
                    self.error(
                        &[key],
                        field_error(format!(
                            "Cannot query field \"{other}\" on type \"Mutation\""
                        )),
                    );
                    data.insert(key.into(), Value::Null);
                }
            }
        }
        Value::Object(data)
    }

    fn ecosystem(&mut self, parent: &'q Field<'q, &'q str>, parent_key: &'q str) -> Value {
        let mut data = Map::new();
        for field in self.fields(&parent.selection_set) {
            let key = field.alias.unwrap_or(field.name);
            let path = [parent_key, key];
            let result = match field.name {
                "__typename" => Ok(json!("EcosystemMutation")),
                "publishRealtimeChannel" => self.publish(field),
                "signRealtimeToken" if matches!(self.publishes, Publishes::Collect(_)) => {
                    Ok(Value::Null)
                }
                "signRealtimeToken" => self.sign(field),
                other => Err(field_error(format!(
                    "Cannot query field \"{other}\" on type \"EcosystemMutation\"; this hub implements publishRealtimeChannel and signRealtimeToken"
                ))),
            };
            let value = match result {
                Ok(v) => v,
                Err(e) => {
                    self.error(&path, e);
                    Value::Null
                }
            };
            data.insert(key.into(), value);
        }
        Value::Object(data)
    }

    /// The caller's context: the header, with the installation the arguments name.
    fn context(&self, installation: Option<&str>) -> Result<ModuleContext, FieldError> {
        let mut ctx = self.hub.require_context(self.headers)?;
        if let Some(inst) = installation
            && inst != ctx.installation_id
        {
            return Err(FieldError {
                message: format!(
                    "installationId \"{inst}\" does not match the context token's installation \"{}\"",
                    ctx.installation_id
                ),
                code: "INVALID_CONTEXT".into(),
                status: 400,
            });
        }
        if let Some(inst) = installation {
            ctx.installation_id = inst.to_string();
        }
        Ok(ctx)
    }

    fn publish(&mut self, field: &'q Field<'q, &'q str>) -> Result<Value, FieldError> {
        match &mut self.publishes {
            Publishes::Collect(_) => {
                let call = self.publish_call(field);
                if let Publishes::Collect(calls) = &mut self.publishes {
                    calls.push(call);
                }
                Ok(Value::Null)
            }
            Publishes::Answer(answers) => {
                let result = answers.pop_front().unwrap_or_else(|| {
                    Err(field_error("internal error: a publish without its result"))
                })?;
                let object =
                    json!({"eventId": result.event_id, "eventTimestamp": result.event_timestamp});
                self.project(&field.selection_set, &object, "RealtimePublishResult")
            }
        }
    }

    /// A publish field's arguments, checked and owned.
    fn publish_call(&mut self, field: &'q Field<'q, &'q str>) -> Result<OwnedPublish, FieldError> {
        let args = self.args(field);
        let text = |name: &str, required: bool| -> Result<Option<String>, FieldError> {
            match args.get(name) {
                Some(Value::String(s)) => Ok(Some(s.clone())),
                None | Some(Value::Null) if !required => Ok(None),
                None | Some(Value::Null) => {
                    Err(field_error(format!("argument \"{name}\" is required")))
                }
                Some(other) => Err(field_error(format!(
                    "argument \"{name}\" must be a String, not {other}"
                ))),
            }
        };
        let installation = text("installationId", true)?;
        let name = text("name", true)?.unwrap_or_default();
        let payload = text("payload", true)?.unwrap_or_default();
        let token = text("token", false)?;
        let global = match args.get("isGlobal") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(field_error(format!(
                    "argument \"isGlobal\" must be a Boolean, not {other}"
                )));
            }
        };
        let overrides = match text("context", false)? {
            None => None,
            Some(ctx) => {
                let v: Value = serde_json::from_str(&ctx).map_err(|e| {
                    field_error(format!("argument \"context\" is not a JSON string: {e}"))
                })?;
                match v.get("contextOverrides") {
                    None | Some(Value::Null) => None,
                    Some(Value::Array(items)) => Some(
                        items
                            .iter()
                            .map(|i| {
                                i.as_str().map(String::from).ok_or_else(|| {
                                    field_error("contextOverrides must be a list of strings")
                                })
                            })
                            .collect::<Result<Vec<_>, _>>()?,
                    ),
                    Some(_) => return Err(field_error("contextOverrides must be a list")),
                }
            }
        };
        let context = self.context(installation.as_deref())?;
        // The SDK ignores overrides on publishGlobal; so does the platform.
        let overrides = if global { None } else { overrides };
        Ok(OwnedPublish {
            context,
            name,
            payload,
            global,
            overrides,
            token,
        })
    }

    fn sign(&mut self, field: &'q Field<'q, &'q str>) -> Result<Value, FieldError> {
        let args = self.args(field);
        let channel = match args.get("channelName") {
            Some(Value::String(s)) => s.clone(),
            _ => {
                return Err(field_error(
                    "argument \"channelName\" is required and must be a String",
                ));
            }
        };
        let claims = args.get("claims").cloned().unwrap_or(Value::Null);
        if claims.is_null() {
            return Err(field_error("argument \"claims\" is required"));
        }
        let permissions = match args.get("permissions") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|i| {
                        i.as_str().map(str::to_lowercase).ok_or_else(|| {
                            field_error("permissions must be a list of SUBSCRIBE or PUBLISH")
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Some(_) => return Err(field_error("permissions must be a list")),
        };
        let context = self.context(None)?;
        let resp = self.hub.sign_token(
            &context,
            &TokenRequest {
                channel_name: channel,
                claims,
                permissions,
                ttl_seconds: None,
            },
        )?;
        let object = json!({
            "success": true,
            "errors": [],
            "forgeRealtimeToken": {"jwt": resp.token, "expiresAt": resp.expires_at},
        });
        self.project(&field.selection_set, &object, "SignRealtimeTokenPayload")
    }

    /// Keeps exactly the selected fields of `object`, recursively.
    fn project(
        &self,
        set: &'q SelectionSet<'q, &'q str>,
        object: &Value,
        type_name: &str,
    ) -> Result<Value, FieldError> {
        let mut out = Map::new();
        for field in self.fields(set) {
            let key = field.alias.unwrap_or(field.name);
            if field.name == "__typename" {
                out.insert(key.into(), json!(type_name));
                continue;
            }
            let Some(value) = object.get(field.name) else {
                return Err(field_error(format!(
                    "Cannot query field \"{}\" on type \"{type_name}\"",
                    field.name
                )));
            };
            let child_type = match field.name {
                "forgeRealtimeToken" => "ForgeRealtimeToken",
                "errors" => "MutationError",
                "extensions" => "MutationErrorExtension",
                _ => "Unknown",
            };
            let projected = match value {
                Value::Object(_) if !field.selection_set.items.is_empty() => {
                    self.project(&field.selection_set, value, child_type)?
                }
                Value::Array(items) if !field.selection_set.items.is_empty() => Value::Array(
                    items
                        .iter()
                        .map(|i| self.project(&field.selection_set, i, child_type))
                        .collect::<Result<Vec<_>, _>>()?,
                ),
                Value::Object(_) => {
                    return Err(field_error(format!(
                        "field \"{}\" of type \"{type_name}\" needs a selection",
                        field.name
                    )));
                }
                other => other.clone(),
            };
            out.insert(key.into(), projected);
        }
        Ok(Value::Object(out))
    }
}

/// A GraphQL publish, ready to run.
struct OwnedPublish {
    context: ModuleContext,
    name: String,
    payload: String,
    global: bool,
    overrides: Option<Vec<String>>,
    token: Option<String>,
}

impl OwnedPublish {
    async fn run(self, hub: &Hub) -> Result<crate::protocol::PublishResult, ApiError> {
        let mut wakes = crate::hub::outbox::Wakes::default();
        hub.publish(
            &PublishCall {
                context: &self.context,
                name: &self.name,
                payload: &self.payload,
                global: self.global,
                overrides: self.overrides.as_deref(),
                token: self.token.as_deref(),
            },
            &mut wakes,
        )
        .await
    }
}
