//! CHORUS's password rule (api.md, "User self-service": "complex password … with at least 14
//! characters, among which 1 lowercase, 1 uppercase and 1 special character"), checked before
//! a change is sent so that the form can say in words what is missing. The backend has the last
//! word (its message is shown when it refuses): this check never refuses what CHORUS's words
//! allow, so letters of any alphabet count and a special character is anything that is neither
//! a letter, a digit nor a space.

/// The fewest characters a new password has (counted as characters, not bytes).
pub const MIN_LENGTH: usize = 14;

/// The rule in one sentence, shown under every field where a new password is chosen (the
/// profile's and a new user's).
pub const RULE: &str = "At least 14 characters, with a lowercase and an uppercase letter and a special character such as ! or %.";

/// What `password` lacks, in words (`"at least 14 characters"`, `"a lowercase letter"`,
/// `"an uppercase letter"`, `"a special character such as ! or %"`); empty when it passes.
pub fn missing(password: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if password.chars().count() < MIN_LENGTH {
        out.push("at least 14 characters");
    }
    if !password.chars().any(char::is_lowercase) {
        out.push("a lowercase letter");
    }
    if !password.chars().any(char::is_uppercase) {
        out.push("an uppercase letter");
    }
    if !password
        .chars()
        .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        out.push("a special character such as ! or %");
    }
    out
}

/// Words joined as a list is read: `a`, `a and b`, `a, b and c`.
fn joined(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The sentence for a new password that breaks the rule, or `None` when it passes:
/// "The new password needs at least 14 characters and a special character such as ! or %."
pub fn problem(password: &str) -> Option<String> {
    problem_of("The new password", password)
}

/// [`problem`] naming the password as the form does (`"The password"` for a new user's).
pub fn problem_of(what: &str, password: &str) -> Option<String> {
    let missing = missing(password);
    (!missing.is_empty()).then(|| format!("{what} needs {}.", joined(&missing)))
}

/// The sentence when the repeated password differs from the new one, or `None`.
pub fn repeat_problem(new: &str, repeat: &str) -> Option<&'static str> {
    (new != repeat).then_some("The repeated password is not the same as the new one.")
}

/// Everything wrong with a change of password before it is sent, in the order the form shows
/// them: the current password is required, the new one follows the rule, is repeated exactly,
/// and differs from the current one.
pub fn change_problems(current: &str, new: &str, repeat: &str) -> Vec<String> {
    let mut out = Vec::new();
    if current.is_empty() {
        out.push("Enter your current password.".to_owned());
    }
    if let Some(p) = problem(new) {
        out.push(p);
    }
    if let Some(p) = repeat_problem(new, repeat) {
        out.push(p.to_owned());
    }
    if !current.is_empty() && new == current {
        out.push("The new password is the same as the current one.".to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_that_follows_the_rule_passes() {
        assert!(missing("Correct-horse-battery").is_empty());
        assert_eq!(problem("Correct-horse-battery"), None);
        // Fourteen characters exactly, letters of another alphabet, a symbol that is not ASCII.
        assert!(missing("Ééééééééééééé€").is_empty());
        assert!(missing("abcdefghijklM!").is_empty());
    }

    #[test]
    fn what_is_missing_is_said_in_words() {
        assert_eq!(
            missing(""),
            [
                "at least 14 characters",
                "a lowercase letter",
                "an uppercase letter",
                "a special character such as ! or %"
            ]
        );
        assert_eq!(missing("Short1!a"), ["at least 14 characters"]);
        assert_eq!(missing("alllowercase!!!!"), ["an uppercase letter"]);
        assert_eq!(missing("ALLUPPERCASE!!!!"), ["a lowercase letter"]);
        assert_eq!(
            missing("NoSpecials12345"),
            ["a special character such as ! or %"]
        );
        // Spaces are no special characters; 13 characters of 2 bytes each are still 13.
        assert_eq!(
            missing("Has spaces only inside"),
            ["a special character such as ! or %"]
        );
        assert_eq!(missing("Éééééééééééé!"), ["at least 14 characters"]);
        assert_eq!(
            problem("short"),
            Some(
                "The new password needs at least 14 characters, an uppercase letter and a \
                 special character such as ! or %."
                    .to_owned()
            )
        );
        assert_eq!(
            problem("abcdefghijklmnopq!"),
            Some("The new password needs an uppercase letter.".to_owned())
        );
    }

    #[test]
    fn the_repeat_must_match() {
        assert_eq!(repeat_problem("a", "a"), None);
        assert!(repeat_problem("a", "a ").is_some());
        assert!(repeat_problem("a", "").is_some());
    }

    #[test]
    fn a_change_is_checked_whole() {
        assert!(
            change_problems("old", "Correct-horse-battery", "Correct-horse-battery").is_empty()
        );
        assert_eq!(
            change_problems("", "Correct-horse-battery", "Correct-horse-batter"),
            [
                "Enter your current password.",
                "The repeated password is not the same as the new one."
            ]
        );
        assert_eq!(
            change_problems(
                "Correct-horse-battery",
                "Correct-horse-battery",
                "Correct-horse-battery"
            ),
            ["The new password is the same as the current one."]
        );
    }
}
