//! The catalogue admin's form as a record of named fields (issue 56, "No lost update"): an edit
//! compares the app as the form loaded it, the form and the app read again just before saving
//! ([`super::three_way`]), field by field over the wire names the form shows
//! ([`super::app_form::SHOWN`]), labelled as the form labels them.
use super::app_form::{AppDraft, SHOWN};
use super::three_way::{Field, Fielded};

/// The form's label of a wire field.
fn label(key: &str) -> &'static str {
    match key {
        "name" => "Name",
        "description" => "Description",
        "dockerImageRegistry" => "Image registry",
        "dockerImageName" => "Image name",
        "dockerImageTag" => "Image tag",
        "category" => "Category",
        "stabilityStatus" => "Stability",
        "iconURL" => "Icon URL",
        "iconBackgroundColor" => "Icon background",
        "browserConfigURL" => "Web address",
        "browserConfigJWTURL" => "Login token address",
        "browserConfigJWTOIDCClientID" => "Login client ID",
        "minCPU" => "Minimum CPU",
        "maxCPU" => "Maximum CPU",
        "minMemory" => "Minimum memory",
        "maxMemory" => "Maximum memory",
        "minEphemeralStorage" => "Minimum ephemeral storage",
        "maxEphemeralStorage" => "Maximum ephemeral storage",
        "shmSize" => "Shared memory",
        _ => "Field",
    }
}

/// The draft's part named `key`, to be written.
fn part_mut<'a>(d: &'a mut AppDraft, key: &str) -> Option<&'a mut String> {
    let r = &mut d.resources;
    Some(match key {
        "name" => &mut d.name,
        "description" => &mut d.description,
        "dockerImageRegistry" => &mut d.registry,
        "dockerImageName" => &mut d.image,
        "dockerImageTag" => &mut d.tag,
        "category" => &mut d.category,
        "stabilityStatus" => &mut d.stability,
        "iconURL" => &mut d.icon_url,
        "iconBackgroundColor" => &mut d.icon_background,
        "browserConfigURL" => &mut d.web_address,
        "browserConfigJWTURL" => &mut d.jwt_url,
        "browserConfigJWTOIDCClientID" => &mut d.jwt_client_id,
        "minCPU" => &mut r.min_cpu,
        "maxCPU" => &mut r.max_cpu,
        "minMemory" => &mut r.min_memory,
        "maxMemory" => &mut r.max_memory,
        "minEphemeralStorage" => &mut r.min_ephemeral,
        "maxEphemeralStorage" => &mut r.max_ephemeral,
        "shmSize" => &mut r.shm,
        _ => return None,
    })
}

impl Fielded for AppDraft {
    fn fields(&self) -> Vec<Field> {
        SHOWN
            .iter()
            .map(|(k, part)| {
                // Compared as sent: the quantities and the image trimmed.
                let v = match *k {
                    "name" | "description" | "category" => part(self).clone(),
                    _ => part(self).trim().to_owned(),
                };
                Field::new(k, label(k), v)
            })
            .collect()
    }

    fn take_field(&mut self, key: &str, from: &Self) {
        let v = SHOWN
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, part)| part(from).clone());
        if let (Some(v), Some(to)) = (v, part_mut(self, key)) {
            *to = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::three_way::{merge, Merge};

    #[test]
    fn every_shown_field_has_a_label_and_a_part() {
        let mut d = AppDraft::default();
        for (k, _) in SHOWN {
            assert_ne!(label(k), "Field", "{k}");
            assert!(part_mut(&mut d, k).is_some(), "{k}");
        }
    }

    #[test]
    fn an_edit_goes_on_top_of_another_admins() {
        let base = AppDraft {
            name: "Desk".into(),
            description: "old".into(),
            ..AppDraft::default()
        };
        let mut mine = base.clone();
        mine.resources.max_memory = "4Gi".into();
        let mut theirs = base.clone();
        theirs.description = "theirs".into();
        let Merge::Send(d) = merge(&base, &mine, &theirs) else {
            panic!("no conflict")
        };
        assert_eq!(
            (d.description.as_str(), d.resources.max_memory.as_str()),
            ("theirs", "4Gi")
        );
        let mut mine = base.clone();
        mine.description = "mine".into();
        let Merge::Conflicts(p) = merge(&base, &mine, &theirs) else {
            panic!("a conflict")
        };
        assert_eq!(p.conflicts[0].label, "Description");
    }
}
