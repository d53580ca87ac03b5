//! Kubernetes quantities (`500m`, `1.5`, `512Mi`, `2Gi`, `1e3`) read as Kubernetes reads them
//! (`k8s.io/apimachinery` `resource.ParseQuantity`): a sign, digits with at most one decimal
//! point, then one suffix: binary (`Ki` `Mi` `Gi` `Ti` `Pi` `Ei`), decimal (`n` `u` `m` `k` `M`
//! `G` `T` `P` `E`) or an exponent (`e3`, `E-2`). CHORUS checks none of the app's quantities
//! (api.md §1): what it stores reaches Kubernetes when an app starts, so the console checks
//! them before sending, and that each minimum is at most its maximum, across units.

/// A quantity read: its value in base units (cores, bytes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity(pub f64);

/// What a quantity needs, in words, after the reason it was refused.
const FORMAT: &str = "Write a number with an optional unit, e.g. 500m, 1, 1.5, 512Mi or 2Gi.";

/// The value of a suffix, or `None` when Kubernetes knows no such suffix.
fn suffix_factor(s: &str) -> Option<f64> {
    let binary = |p: i32| Some(1024f64.powi(p));
    let decimal = |p: i32| Some(10f64.powi(p));
    match s {
        "" => decimal(0),
        "Ki" => binary(1),
        "Mi" => binary(2),
        "Gi" => binary(3),
        "Ti" => binary(4),
        "Pi" => binary(5),
        "Ei" => binary(6),
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        _ => {
            let rest = s.strip_prefix(['e', 'E'])?;
            let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let exp: i32 = rest.parse().ok()?;
            decimal(exp)
        }
    }
}

/// Reads `text` (surrounding spaces ignored) as Kubernetes would; the reason in words when it
/// would not. A negative quantity is refused too: no request or limit can be below zero.
pub fn parse(text: &str) -> Result<Quantity, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err(format!("Empty. {FORMAT}"));
    }
    let (negative, body) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let int_len = body.bytes().take_while(u8::is_ascii_digit).count();
    let mut number_len = int_len;
    if body[int_len..].starts_with('.') {
        number_len += 1 + body[int_len + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
    }
    let (number, suffix) = body.split_at(number_len);
    if number.trim_start_matches('.').is_empty() {
        return Err(format!("“{s}” does not start with a number. {FORMAT}"));
    }
    if suffix.starts_with('.') {
        return Err(format!("“{s}” has more than one decimal point. {FORMAT}"));
    }
    let Some(factor) = suffix_factor(suffix) else {
        return Err(format!(
            "“{s}”: Kubernetes knows no unit “{suffix}”. {FORMAT}"
        ));
    };
    // "1." and ".5" are numbers to Kubernetes. Read by their digits (the number is digits and at
    // most one point here): `str::parse::<f64>` brought core's float parsing and its tables into
    // the app administration's chunk (about 15 KB gzip, issue 58). Exact up to 2^53, then as
    // near as a comparison of quantities needs.
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    // Zeros after the last digit of the fraction say nothing: without them, `1.000…0` stays 1
    // however many there are (with them, the mantissa alone could overflow).
    let frac = frac.trim_end_matches('0');
    let mantissa = int
        .bytes()
        .chain(frac.bytes())
        .fold(0.0_f64, |v, b| v * 10.0 + f64::from(b - b'0'));
    let value = mantissa / 10f64.powi(i32::try_from(frac.len()).unwrap_or(i32::MAX));
    if !value.is_finite() {
        return Err(format!("“{s}” is not a number Kubernetes reads. {FORMAT}"));
    }
    if negative && value != 0.0 {
        return Err(format!("“{s}” is below zero."));
    }
    Ok(Quantity(value * factor))
}

/// The minimum and maximum of a pair, each empty or read; the problem in words when the minimum
/// is above the maximum (`what`: "CPU", "memory").
pub fn min_above_max(min: &str, max: &str, what: &str) -> Option<String> {
    let (Ok(lo), Ok(hi)) = (parse(min), parse(max)) else {
        return None;
    };
    (lo.0 > hi.0).then(|| {
        format!(
            "The minimum {what} ({}) is above the maximum ({}).",
            min.trim(),
            max.trim()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> f64 {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}")).0
    }

    #[test]
    fn reads_what_kubernetes_reads() {
        assert_eq!(v("500m"), 0.5);
        assert_eq!(v("1"), 1.0);
        assert_eq!(v("1.5"), 1.5);
        assert_eq!(v("512Mi"), 512.0 * 1024.0 * 1024.0);
        assert_eq!(v("2Gi"), 2.0 * 1024f64.powi(3));
        assert_eq!(v("1e3"), 1000.0);
        assert_eq!(v("1E-2"), 0.01);
        assert_eq!(v("1k"), 1000.0);
        assert_eq!(v("1M"), 1e6);
        assert_eq!(v("1.0"), 1.0);
        assert_eq!(v(".5"), 0.5);
        assert_eq!(v("1."), 1.0);
        assert_eq!(v("+2"), 2.0);
        assert_eq!(v(" 2Gi "), 2.0 * 1024f64.powi(3));
        assert_eq!(v("0"), 0.0);
        assert!((v("100n") - 1e-7).abs() < 1e-15);
        // Read by their digits as `str::parse` would read them.
        assert_eq!(v("0.1"), 0.1);
        assert_eq!(v("2.25"), 2.25);
        assert_eq!(v("123456.789"), 123_456.789);
        assert_eq!(v("0.000001"), 1e-6);
        assert_eq!(v("9007199254740993"), 9_007_199_254_740_992.0);
        // Trailing zeros of a fraction, however many, change nothing.
        assert_eq!(v(&format!("1.{}", "0".repeat(400))), 1.0);
        assert_eq!(v("2.50"), 2.5);
        // So many digits that no number holds them: refused, not infinite.
        let huge = format!("1{}", "0".repeat(400));
        assert!(parse(&huge)
            .unwrap_err()
            .contains("is not a number Kubernetes reads"));
    }

    #[test]
    fn refuses_what_kubernetes_refuses_in_words() {
        for (s, says) in [
            ("1.5.5Gi", "more than one decimal point"),
            ("", "Empty"),
            ("Gi", "does not start with a number"),
            ("2GB", "no unit “GB”"),
            ("1K", "no unit “K”"),
            ("1 Gi", "no unit “ Gi”"),
            ("1e", "no unit “e”"),
            ("1e1.5", "no unit “e1.5”"),
            ("-1", "below zero"),
            ("one", "does not start with a number"),
            ("1mi", "no unit “mi”"),
        ] {
            let e = parse(s).expect_err(s);
            assert!(e.contains(says), "{s}: {e}");
        }
        // `1e1.5`: the exponent stops at the point, which then is a second point... either
        // way it is refused; and the format is always said.
        assert!(parse("1.5.5Gi").unwrap_err().contains("e.g. 500m"));
    }

    #[test]
    fn compares_across_units() {
        assert_eq!(min_above_max("500m", "1", "CPU"), None);
        assert_eq!(min_above_max("1", "1000m", "CPU"), None);
        assert_eq!(
            min_above_max("2", "1500m", "CPU").as_deref(),
            Some("The minimum CPU (2) is above the maximum (1500m).")
        );
        assert_eq!(min_above_max("1Gi", "1024Mi", "memory"), None);
        assert!(min_above_max("1G", "512Mi", "memory").is_some());
        assert!(min_above_max("1Gi", "1G", "memory").is_some(), "1Gi > 1G");
        // Empty or unreadable: said elsewhere, not here.
        assert_eq!(min_above_max("", "1", "CPU"), None);
        assert_eq!(min_above_max("x", "1", "CPU"), None);
    }
}
