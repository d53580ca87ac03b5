//! Build and run jobs on the wire (`/api/builds`, `/api/runs`, the run stream) and their mapping
//! to [`crate::domain::jobs`].
//!
//! These endpoints have **no** `{"result": …}` envelope: `{"builds":[…]}`, `{"build":…}`,
//! `{"runs":[…]}`, `{"run":…}`. The run stream's `init` event carries `{"runs":[…]}` and
//! `run-update` carries `{"run":…}`; decode both with [`parse_run_stream_event`].
//!
//! Tolerance: missing fields, `null` and `""` are absent; numbers are accepted where strings are
//! expected; unknown fields are ignored; unknown statuses map to `Unknown`; list items that are
//! not objects are skipped. A body that is not an object at all fails to decode.
//!
//! This file also hosts [`lenient`], the field decoders shared by this module's siblings
//! `apps` and `admin`.

use serde::{Deserialize, Deserializer, Serialize};

use crate::domain::jobs::{BuildJob, BuildStatus, RunJob, RunStatus};

use super::common::Fields;

/// `BuildJob` on the wire.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildJobDto {
    /// Build id.
    pub id: String,
    /// Workspace id.
    pub project_id: String,
    /// `pending|running|succeeded|failed`, or anything.
    pub status: String,
    /// Timestamp.
    pub created_at: Option<String>,
    /// Timestamp.
    pub started_at: Option<String>,
    /// Timestamp.
    pub finished_at: Option<String>,
    /// Error text.
    pub error: Option<String>,
}

impl<'de> Deserialize<'de> for BuildJobDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            id: f.string(&["id"]),
            project_id: f.string(&["projectId"]),
            status: f.string(&["status"]),
            created_at: f.opt_string(&["createdAt"]),
            started_at: f.opt_string(&["startedAt"]),
            finished_at: f.opt_string(&["finishedAt"]),
            error: f.opt_string(&["error"]),
        })
    }
}

impl From<BuildJobDto> for BuildJob {
    fn from(d: BuildJobDto) -> Self {
        BuildJob {
            id: d.id,
            project_id: d.project_id,
            status: BuildStatus::from_wire(&d.status),
            created_at: d.created_at,
            started_at: d.started_at,
            finished_at: d.finished_at,
            error: d.error,
        }
    }
}

/// `RunJob` on the wire.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunJobDto {
    /// Run id.
    pub id: String,
    /// Workspace id.
    pub project_id: String,
    /// The build it runs.
    pub build_id: Option<String>,
    /// `pending|running|stopping|stopped|succeeded|failed`, or anything.
    pub status: String,
    /// Timestamp.
    pub created_at: Option<String>,
    /// Timestamp.
    pub started_at: Option<String>,
    /// Timestamp.
    pub finished_at: Option<String>,
    /// Error text.
    pub error: Option<String>,
}

impl<'de> Deserialize<'de> for RunJobDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            id: f.string(&["id"]),
            project_id: f.string(&["projectId"]),
            build_id: f.opt_string(&["buildId"]),
            status: f.string(&["status"]),
            created_at: f.opt_string(&["createdAt"]),
            started_at: f.opt_string(&["startedAt"]),
            finished_at: f.opt_string(&["finishedAt"]),
            error: f.opt_string(&["error"]),
        })
    }
}

impl From<RunJobDto> for RunJob {
    fn from(d: RunJobDto) -> Self {
        RunJob {
            id: d.id,
            project_id: d.project_id,
            build_id: d.build_id,
            status: RunStatus::from_wire(&d.status),
            created_at: d.created_at,
            started_at: d.started_at,
            finished_at: d.finished_at,
            error: d.error,
        }
    }
}

/// `GET /api/builds` → `{"builds":[BuildJob]}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildsResponse {
    /// The builds.
    pub builds: Vec<BuildJobDto>,
}

impl<'de> Deserialize<'de> for BuildsResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            builds: f.vec(&["builds"]),
        })
    }
}

impl From<BuildsResponse> for Vec<BuildJob> {
    /// The domain builds.
    fn from(reply: BuildsResponse) -> Self {
        reply.builds.into_iter().map(BuildJob::from).collect()
    }
}

/// `POST /api/projects/{id}/build` → `{"build": BuildJob}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildResponse {
    /// The build (`None` when missing or malformed).
    pub build: Option<BuildJobDto>,
}

impl<'de> Deserialize<'de> for BuildResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            build: f.opt(&["build"]),
        })
    }
}

impl From<BuildResponse> for Option<BuildJob> {
    /// The domain build, `None` when the reply had none (treat as a malformed reply).
    fn from(reply: BuildResponse) -> Self {
        reply.build.map(BuildJob::from)
    }
}

/// `GET /api/runs` → `{"runs":[RunJob]}`; also the run stream's `init` event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunsResponse {
    /// The runs.
    pub runs: Vec<RunJobDto>,
}

impl<'de> Deserialize<'de> for RunsResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            runs: f.vec(&["runs"]),
        })
    }
}

impl From<RunsResponse> for Vec<RunJob> {
    /// The domain runs.
    fn from(reply: RunsResponse) -> Self {
        reply.runs.into_iter().map(RunJob::from).collect()
    }
}

/// `POST /api/projects/{id}/run`, `POST /api/runs/{id}/stop` → `{"run": RunJob}`; also the run
/// stream's `run-update` event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunResponse {
    /// The run (`None` when missing or malformed).
    pub run: Option<RunJobDto>,
}

impl<'de> Deserialize<'de> for RunResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            run: f.opt(&["run"]),
        })
    }
}

impl From<RunResponse> for Option<RunJob> {
    /// The domain run, `None` when the reply had none (treat as a malformed reply).
    fn from(reply: RunResponse) -> Self {
        reply.run.map(RunJob::from)
    }
}

/// Payload of the run stream's `init` event: `{"runs":[RunJob]}`.
pub type RunInitEvent = RunsResponse;
/// Payload of the run stream's `run-update` event: `{"run": RunJob}`.
pub type RunUpdateEvent = RunResponse;

/// Name of the run stream's first event.
pub const EVENT_INIT: &str = "init";
/// Name of the run stream's change event.
pub const EVENT_RUN_UPDATE: &str = "run-update";
/// A log line of a run (sent by some job services): listened to only to know the stream is
/// alive; its content is ignored.
pub const EVENT_RUN_LOG: &str = "run-log";

/// A decoded run stream event.
#[derive(Debug, Clone, PartialEq)]
pub enum RunStreamEvent {
    /// `init`: every run the user can see → `ActivityState::apply_run_init`.
    Init(Vec<RunJob>),
    /// `run-update`: one run changed → `ActivityState::apply_run_update`.
    Update(RunJob),
    /// Another event name, or a `run-update` without a run: nothing to do.
    Ignored,
}

/// Decodes one run stream event from its name (`event:` line; `message` when absent) and its
/// `data`. Errors only when `data` of `init`/`run-update` is not a JSON object (log it and go
/// on; the stream stays usable).
pub fn parse_run_stream_event(
    event: &str,
    data: &str,
) -> Result<RunStreamEvent, serde_json::Error> {
    match event.trim() {
        EVENT_INIT => {
            let r: RunInitEvent = serde_json::from_value(serde_json::from_str(data)?)?;
            Ok(RunStreamEvent::Init(Vec::<RunJob>::from(r)))
        }
        EVENT_RUN_UPDATE => {
            let r: RunUpdateEvent = serde_json::from_value(serde_json::from_str(data)?)?;
            Ok(match Option::<RunJob>::from(r) {
                Some(run) => RunStreamEvent::Update(run),
                None => RunStreamEvent::Ignored,
            })
        }
        _ => Ok(RunStreamEvent::Ignored),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_builds_list() {
        let body = r#"{"builds":[
            {"id":"1","projectId":"1","status":"succeeded","createdAt":"2025-11-15T12:00:00Z",
             "startedAt":"2025-11-15T12:00:01Z","finishedAt":"2025-11-15T12:01:00Z","error":"","extra":{"x":1}},
            {"id":2,"projectId":2,"status":"running","createdAt":"2025-11-15T12:02:00Z","startedAt":null},
            {"id":"3","projectId":"1","status":"teleporting","error":"<script>alert(1)</script>"},
            "garbage",
            {}
        ],"unknown":true}"#;
        let builds = Vec::<BuildJob>::from(serde_json::from_str::<BuildsResponse>(body).unwrap());
        assert_eq!(builds.len(), 4);
        assert_eq!(builds[0].status, BuildStatus::Succeeded);
        assert_eq!(builds[0].error, None);
        assert_eq!(
            builds[0].finished_at.as_deref(),
            Some("2025-11-15T12:01:00Z")
        );
        assert_eq!(builds[1].id, "2");
        assert_eq!(builds[1].project_id, "2");
        assert_eq!(builds[1].status, BuildStatus::Running);
        assert_eq!(builds[1].started_at, None);
        assert_eq!(builds[2].status, BuildStatus::Unknown);
        assert_eq!(
            builds[2].error.as_deref(),
            Some("<script>alert(1)</script>")
        );
        assert_eq!(builds[3], BuildJob::default());
    }

    #[test]
    fn tolerant_envelopes() {
        assert!(serde_json::from_str::<BuildsResponse>("{}")
            .unwrap()
            .builds
            .is_empty());
        assert!(serde_json::from_str::<BuildsResponse>(r#"{"builds":null}"#)
            .unwrap()
            .builds
            .is_empty());
        assert!(serde_json::from_str::<BuildsResponse>("[1,2]").is_err());
        assert!(serde_json::from_str::<BuildsResponse>("<html>502</html>").is_err());
        assert!(serde_json::from_str::<BuildsResponse>(r#"{"builds":[{"id":"1""#).is_err());
        let b: BuildResponse =
            serde_json::from_str(r#"{"build":{"id":"9","projectId":"3","status":"pending"}}"#)
                .unwrap();
        let b = Option::<BuildJob>::from(b).unwrap();
        assert_eq!((b.id.as_str(), b.status), ("9", BuildStatus::Pending));
        assert_eq!(
            Option::<BuildJob>::from(
                serde_json::from_str::<BuildResponse>(r#"{"build":null}"#).unwrap()
            ),
            None
        );
        assert_eq!(
            Option::<BuildJob>::from(
                serde_json::from_str::<BuildResponse>(r#"{"build":"x"}"#).unwrap()
            ),
            None
        );
    }

    #[test]
    fn decodes_runs() {
        let body = r#"{"runs":[
            {"id":"4","projectId":"2","buildId":"1","status":"running","createdAt":"2025-11-15T12:00:00Z"},
            {"id":"5","projectId":"2","buildId":"","status":"stopping"},
            {"id":"6","projectId":"1","status":"STOPPED"},
            {"id":"7","projectId":"1","status":"quantum"}
        ]}"#;
        let runs = Vec::<RunJob>::from(serde_json::from_str::<RunsResponse>(body).unwrap());
        assert_eq!(runs.len(), 4);
        assert_eq!(runs[0].build_id.as_deref(), Some("1"));
        assert_eq!(runs[0].status, RunStatus::Running);
        assert_eq!(runs[1].build_id, None);
        assert_eq!(runs[1].status, RunStatus::Stopping);
        assert_eq!(runs[2].status, RunStatus::Stopped);
        assert_eq!(runs[3].status, RunStatus::Unknown);
        let r: RunResponse =
            serde_json::from_str(r#"{"run":{"id":"8","projectId":"1","status":"pending"}}"#)
                .unwrap();
        assert_eq!(
            Option::<RunJob>::from(r).unwrap().status,
            RunStatus::Pending
        );
    }

    #[test]
    fn run_stream_events() {
        let init = parse_run_stream_event(
            "init",
            r#"{"runs":[{"id":"1","projectId":"1","status":"running"}]}"#,
        )
        .unwrap();
        match init {
            RunStreamEvent::Init(runs) => {
                assert_eq!(runs.len(), 1);
                assert_eq!(runs[0].status, RunStatus::Running);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_run_stream_event("init", "{}").unwrap(),
            RunStreamEvent::Init(v) if v.is_empty()
        ));
        let upd = parse_run_stream_event(
            "run-update",
            r#"{"run":{"id":"1","projectId":"1","status":"stopped","error":"<b>x</b>"}}"#,
        )
        .unwrap();
        match upd {
            RunStreamEvent::Update(run) => {
                assert_eq!(run.status, RunStatus::Stopped);
                assert_eq!(run.error.as_deref(), Some("<b>x</b>"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse_run_stream_event("run-update", "{}").unwrap(),
            RunStreamEvent::Ignored
        );
        assert_eq!(
            parse_run_stream_event("message", "whatever").unwrap(),
            RunStreamEvent::Ignored
        );
        assert!(parse_run_stream_event("init", "not json").is_err());
        assert!(parse_run_stream_event("run-update", "").is_err());
    }

    #[test]
    fn lenient_helpers() {
        use crate::api::wire::common::Fields;
        use serde::Deserializer;
        #[derive(Default)]
        struct T {
            a: bool,
            b: bool,
            c: bool,
            v: Vec<String>,
            m: std::collections::BTreeMap<String, String>,
        }
        impl<'de> Deserialize<'de> for T {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut f = Fields::of(d)?;
                Ok(T {
                    a: f.bool(&["a"]),
                    b: f.bool(&["b"]),
                    c: f.bool(&["c"]),
                    v: f.string_vec(&["v"]),
                    m: f.string_map(&["m"]),
                })
            }
        }
        let t: T = serde_json::from_str(
            r#"{"a":"TRUE","b":1,"c":null,"v":["x",1,null,"",{}],"m":{"workspace":42,"x":"","y":null}}"#,
        )
        .unwrap();
        assert!(t.a && t.b && !t.c);
        assert_eq!(t.v, ["x", "1"]);
        assert_eq!(t.m.len(), 1);
        assert_eq!(t.m["workspace"], "42");
        let t: T = serde_json::from_str(r#"{"v":"nope","m":[1]}"#).unwrap();
        assert!(t.v.is_empty() && t.m.is_empty());
        assert!(serde_json::from_str::<T>("[1]").is_err(), "not an object");
    }
}
