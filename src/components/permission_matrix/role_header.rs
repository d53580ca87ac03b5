//! A role's column header: name, a lock for built-in roles, scope, granted count, and `Delete`
//! for dynamic roles (when the page offers it).
use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use crate::domain::permissions::Role;

pub(super) fn role_header(
    role: &Role,
    count: RwSignal<usize>,
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
            <span class="role-name">{name.clone()}</span>
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
                {move || count.get()}
                " / "
                {total}
                <span class="visually-hidden">" permissions granted"</span>
            </span>
            {has_desc.then(|| view! { <span class="visually-hidden">{desc}</span> })}
            {delete}
        </th>
    }
}
