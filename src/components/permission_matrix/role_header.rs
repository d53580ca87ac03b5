//! A role's column header: name, a lock for built-in roles, scope, granted count, and `Delete`
//! for dynamic roles (when the page offers it).
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use crate::components::on::OnAttribute;
use crate::domain::permissions::Role;
use crate::state::Slot;

/// A CamelCase name cut before its capitals (`Workspace`, `Member`), so that a narrow column
/// breaks it there rather than in the middle of a word.
fn camel_parts(name: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in name.chars() {
        match parts.last_mut() {
            Some(last)
                if !(c.is_uppercase() && last.chars().last().is_some_and(char::is_lowercase)) =>
            {
                last.push(c)
            }
            _ => parts.push(c.to_string()),
        }
    }
    parts
}

pub(super) fn role_header(
    role: &Role,
    count: Slot<usize>,
    total: usize,
    on_delete: Option<Callback<String>>,
) -> impl IntoView {
    let built_in = !role.dynamic;
    let name = role.name.clone();
    let desc = role.description.clone();
    let has_desc = !desc.trim().is_empty();
    let title = has_desc.then(|| desc.clone());
    let delete = (role.dynamic).then_some(on_delete).flatten().map(|cb| {
        let n = name.clone();
        let label = format!("Delete role {name}");
        view! {
            <button
                type="button"
                class="btn btn-quiet btn-small role-delete"
                aria-label=label
                title="Delete this role"
                on:click=move |_| cb.run(n.clone())
            >
                "Delete"
            </button>
        }
    });
    view! {
        <th
            scope="col"
            class="role-col"
            class:built-in=built_in
            data-role=name.clone()
            title=title
        >
            <span class="role-name">
                {camel_parts(&name)
                    .into_iter()
                    .map(|part| view! { {part}<wbr/> })
                    .collect_view()}
            </span>
            {built_in
                .then(|| {
                    view! {
                        <span class="role-lock" title="Built-in role: read-only">
                            <Icon name=IconName::Lock label="Built-in role: read-only"/>
                        </span>
                    }
                })}
            <span class="role-scope">{role.scope.label()}</span>
            <span class="role-count">
                {live(move || count.get())}
                " / "
                {total}
                <span class="visually-hidden">" permissions granted"</span>
            </span>
            {has_desc.then(|| view! { <span class="visually-hidden">{desc}</span> })}
            {delete}
        </th>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn camel_case_names_break_before_capitals() {
        assert_eq!(
            super::camel_parts("WorkspaceMember"),
            ["Workspace", "Member"]
        );
        assert_eq!(super::camel_parts("PlatformAdmin"), ["Platform", "Admin"]);
        assert_eq!(super::camel_parts("HPCUser"), ["HPCUser"]);
        assert_eq!(super::camel_parts("data_steward"), ["data_steward"]);
        assert!(super::camel_parts("").is_empty());
    }
}
