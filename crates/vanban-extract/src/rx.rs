//! Regex helpers shared by the rule modules.

use regex::Regex;

/// The leftmost match of `re` whose group `group` holds at most `max` characters: what
/// `{0,max}?` in the pattern would give, for a lazy group that is unbounded in `re`. A
/// match whose shortest group is too long is skipped by searching again one character on.
pub(crate) fn captures_bounded<'h>(
    re: &Regex,
    hay: &'h str,
    group: &str,
    max: usize,
) -> Option<regex::Captures<'h>> {
    let mut at = 0;
    while at <= hay.len() {
        // The lazy DFA answers "no match" far faster than a capturing search.
        re.find_at(hay, at)?;
        let c = re.captures_at(hay, at)?;
        let start = c.get(0).map_or(hay.len(), |m| m.start());
        if c.name(group)
            .is_none_or(|g| g.as_str().chars().count() <= max)
        {
            return Some(c);
        }
        at = vanban_text::views::ceil_char(hay, start + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_too_long_group_moves_on_to_the_next_match() {
        let re = Regex::new(r"x(?P<g>[^.]*?)y").expect("re");
        let hay = "x ééééé y. x éé y";
        let c = captures_bounded(&re, hay, "g", 4).expect("second match");
        assert_eq!(&c["g"], " éé ");
        assert_eq!(c.get(0).map(|m| m.start()), hay.rfind('x'));
        assert!(captures_bounded(&re, hay, "g", 3).is_none());
        // The bounded pattern the helper stands for agrees.
        let bounded = Regex::new(r"x(?P<g>[^.]{0,4}?)y").expect("re");
        assert_eq!(
            bounded.captures(hay).map(|c| c.get(0).map(|m| m.start())),
            Some(hay.rfind('x'))
        );
    }
}
