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
