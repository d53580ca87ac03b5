//! Big folders (issue 50): `POST /api/dev/folder` and `--big-folder <n>` seed a folder of many
//! small files, and the file service lists it whole in both flavors.

use std::time::Instant;

use crate::common::*;
use devserver::config::{parse_args, Parsed};
use devserver::Config;
use serde_json::{json, Value};

fn list_path(rest: &str) -> String {
    p(&format!("/workspaces/1/files/{rest}"))
}

fn files(v: &Value) -> &Vec<Value> {
    v["result"]["files"].as_array().expect("files")
}

fn names(v: &Value) -> Vec<String> {
    files(v)
        .iter()
        .map(|f| f["name"].as_str().unwrap_or("").to_string())
        .collect()
}

fn body(ws: &str, store: &str, path: &str, n: usize) -> String {
    json!({"workspaceId": ws, "store": store, "path": path, "files": n}).to_string()
}

#[tokio::test]
async fn the_dev_route_makes_a_folder_of_numbered_files() {
    let s = srv();
    let admin = s.admin().await;
    let r = s
        .dev("POST", "/api/dev/folder", &body("1", "disk", "big", 1000))
        .await;
    assert_eq!(r.ok(), json!({"path": "big", "files": 1000}));
    let v = s.get(&list_path("disk/big/"), Some(&admin)).await.ok();
    let n = names(&v);
    assert_eq!(n.len(), 1000);
    assert_eq!(n[0], "sample-000001.csv");
    assert_eq!(n[999], "sample-001000.csv");
    let list = files(&v);
    assert_eq!(list[0]["path"], "/disk/big/sample-000001.csv");
    assert_eq!(list[0]["isDirectory"], false);
    // A few bytes each, not all alike; times not all alike either.
    let sizes: Vec<u64> = list
        .iter()
        .map(|f| f["size"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(sizes.iter().all(|&b| (20..40).contains(&b)), "{sizes:?}");
    assert!(sizes.iter().any(|&b| b != sizes[0]));
    let times: Vec<&str> = list
        .iter()
        .map(|f| f["updatedAt"].as_str().unwrap())
        .collect();
    assert!(times.iter().any(|t| *t != times[0]));
    // The parent lists it as a folder next to the seed.
    let root = s.get(&list_path("disk/"), Some(&admin)).await.ok();
    assert_eq!(names(&root), ["big", "docs", "notes.txt", "raw", "scratch"]);
    // Nested paths and a number as the id; again on the same path: exactly that many now.
    let r = s
        .dev(
            "POST",
            "/api/dev/folder",
            r#"{"workspaceId":1,"store":"disk","path":"/a/b/c/","files":3}"#,
        )
        .await;
    assert_eq!(r.ok(), json!({"path": "a/b/c", "files": 3}));
    let r = s
        .dev("POST", "/api/dev/folder", &body("1", "disk", "big", 5))
        .await;
    assert_eq!(r.ok()["files"], 5);
    let v = s.get(&list_path("disk/big/"), Some(&admin)).await.ok();
    assert_eq!(names(&v).len(), 5);
    let v = s.get(&list_path("disk/a/b/c/"), Some(&admin)).await.ok();
    assert_eq!(names(&v).len(), 3);
    // The files are files like any other: their content reads.
    let v = s
        .get(
            &p("/workspaces/1/file/disk/big/sample-000002.csv"),
            Some(&admin),
        )
        .await
        .ok();
    assert_eq!(v["result"]["file"]["name"], "sample-000002.csv");
    // A reset takes the folder away (no --big-folder).
    s.dev("POST", "/api/dev/reset", "{}").await;
    let root = s.get(&list_path("disk/"), Some(&admin)).await.ok();
    assert_eq!(names(&root), ["docs", "notes.txt", "raw", "scratch"]);
}

#[tokio::test]
async fn the_dev_route_refuses_what_it_cannot_make() {
    let s = srv();
    let bad = [
        (body("99", "disk", "big", 10), "Unknown workspace: 99"),
        (body("x", "disk", "big", 10), "Unknown workspace: x"),
        (body("1", "tape", "big", 10), "Unknown file store: tape"),
        (body("1", "disk", "big", 200_001), "files: at most 200000"),
        (body("1", "disk", "/", 10), "path: name a folder"),
        (body("1", "disk", "a/../b", 10), "Invalid path"),
        (body("1", "disk", "notes.txt/x", 10), "Cannot make folder"),
    ];
    for (b, msg) in bad {
        let r = s.dev("POST", "/api/dev/folder", &b).await;
        assert_eq!(r.status, 400, "{b}: {:?} {}", r.status, r.text());
        assert!(r.text().contains(msg), "{b}: {}", r.text());
    }
    // The store turned off; a field it does not know.
    s.dev("PUT", "/api/dev/stores", r#"{"disabled":["disk"]}"#)
        .await
        .ok();
    let r = s
        .dev("POST", "/api/dev/folder", &body("1", "disk", "big", 10))
        .await;
    assert!(
        r.text().contains("File store disk is disabled"),
        "{}",
        r.text()
    );
    let r = s
        .dev(
            "POST",
            "/api/dev/folder",
            r#"{"workspaceId":"1","store":"archive","path":"big","files":1,"x":1}"#,
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    // The chorus flavor's archive is disabled.
    let c = srv_with(chorus());
    let r = c
        .dev("POST", "/api/dev/folder", &body("1", "archive", "big", 10))
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.text().contains("archive is disabled"), "{}", r.text());
}

/// 100,000 files are made in about a second and listed whole, in both flavors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_files_seed_fast_and_list_in_both_flavors() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let admin = s.admin().await;
        let t = Instant::now();
        let r = s
            .dev(
                "POST",
                "/api/dev/folder",
                &body("1", "disk", "big", 100_000),
            )
            .await;
        let seeded = t.elapsed();
        assert_eq!(r.ok()["files"], 100_000);
        // 0.5–0.9 s alone on the 2-core machine (9 s and more on its disk, before /dev/shm); the
        // bound leaves room for a suite running beside it, not for a file at a time on a disk.
        assert!(seeded.as_secs_f64() < 15.0, "seeding took {seeded:?}");
        let t = Instant::now();
        let r = s.get(&list_path("disk/big/"), Some(&admin)).await;
        let listed = t.elapsed();
        let v = r.ok();
        let n = names(&v);
        assert_eq!(n.len(), 100_000);
        assert_eq!(n[99_999], "sample-100000.csv");
        let last = files(&v)[99_999]["path"].as_str().unwrap();
        assert_eq!(last, "/disk/big/sample-100000.csv");
        eprintln!(
            "100,000 files: seeded in {seeded:?}, listed in {listed:?} ({} bytes)",
            r.body.len()
        );
    }
}

#[tokio::test]
async fn the_start_option_seeds_demo_disk_big_again_on_reset() {
    let s = srv_with(Config {
        big_folder: 120,
        ..frozen()
    });
    let admin = s.admin().await;
    let v = s.get(&list_path("disk/big/"), Some(&admin)).await.ok();
    assert_eq!(names(&v).len(), 120);
    assert_eq!(names(&v)[119], "sample-000120.csv");
    s.dev("POST", "/api/dev/folder", &body("1", "disk", "big", 2))
        .await
        .ok();
    s.dev("POST", "/api/dev/reset", "{}").await;
    let v = s.get(&list_path("disk/big/"), Some(&admin)).await.ok();
    assert_eq!(names(&v).len(), 120);
    // Only Demo's disk store.
    let other = s
        .get(&p("/workspaces/2/files/disk/"), Some(&admin))
        .await
        .ok();
    assert!(!names(&other).contains(&"big".to_string()));
}

#[test]
fn the_start_option_parses_with_a_limit() {
    let args = |a: &[&str]| parse_args(a.iter().map(|s| s.to_string()));
    match args(&["--big-folder", "10000"]) {
        Ok(Parsed::Run(c)) => assert_eq!(c.big_folder, 10_000),
        _ => panic!("--big-folder 10000"),
    }
    match args(&[]) {
        Ok(Parsed::Run(c)) => assert_eq!(c.big_folder, 0),
        _ => panic!("no flags"),
    }
    let e = args(&["--big-folder=200001"]).err().expect("too many");
    assert!(e.contains("at most 200000"), "{e}");
    assert!(devserver::config::usage().contains("--big-folder"));
}

/// `POST /api/dev/apps`: a long catalogue for the `Open app` menu (issue 50, item 2).
#[tokio::test]
async fn the_dev_route_makes_a_long_app_catalogue() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let admin = s.admin().await;
        let all = p("/apps?disableGrouping=true");
        let before = s.get(&all, Some(&admin)).await.ok()["result"]["apps"]
            .as_array()
            .unwrap()
            .len();
        let r = s.dev("POST", "/api/dev/apps", r#"{"count":500}"#).await;
        assert_eq!(r.ok(), json!({"apps": before + 500}));
        let v = s.get(&all, Some(&admin)).await.ok();
        let apps = v["result"]["apps"].as_array().unwrap();
        assert_eq!(apps.len(), before + 500);
        assert!(apps.iter().any(|a| a["name"] == "Bench app 00500"));
        let r = s.dev("POST", "/api/dev/apps", r#"{"count":20001}"#).await;
        assert_eq!(r.status, 400, "{}", r.text());
        s.dev("POST", "/api/dev/reset", "{}").await;
        let v = s.get(&all, Some(&admin)).await.ok();
        assert_eq!(v["result"]["apps"].as_array().unwrap().len(), before);
    }
}
