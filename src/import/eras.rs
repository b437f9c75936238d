//! Years a text implies without naming them: the congresses and plenary sessions it tells its
//! readers to study were held in known years, and a plan that studies the latest of them is,
//! most likely, for the year after. A weak basis, and the front matter says so.

/// What a text names, and the year it was held. Longer names come before the shorter ones
/// they contain (`十八届三中全会` before `十八大`).
const EVENTS: &[(&str, i32)] = &[
    ("中国工会第十七次全国代表大会", 2018),
    ("中国工会第十六次全国代表大会", 2013),
    ("中国工会第十五次全国代表大会", 2008),
    ("中国工会第十四次全国代表大会", 2003),
    ("工会十七大", 2018),
    ("工会十六大", 2013),
    ("工会十五大", 2008),
    ("十九届六中全会", 2021),
    ("十九届五中全会", 2020),
    ("十九届四中全会", 2019),
    ("十九届三中全会", 2018),
    ("十八届六中全会", 2016),
    ("十八届五中全会", 2015),
    ("十八届四中全会", 2014),
    ("十八届三中全会", 2013),
    ("十七届六中全会", 2011),
    ("十七届五中全会", 2010),
    ("十七届四中全会", 2009),
    ("十七届三中全会", 2008),
    ("十六届六中全会", 2006),
    ("十六届五中全会", 2005),
    ("十六届四中全会", 2004),
    ("十六届三中全会", 2003),
    ("二十大", 2022),
    ("十九大", 2017),
    ("十八大", 2012),
    ("十七大", 2007),
    ("十六大", 2002),
];

/// The latest event the text names, with the year it was held.
pub fn latest(text: &str) -> Option<(&'static str, i32)> {
    let mut rest = text.to_string();
    let mut found: Option<(&'static str, i32)> = None;
    for &(name, year) in EVENTS {
        let named = rest.match_indices(name).any(|(at, _)| {
            // `工会十七大` is the union's congress, not the party's.
            !(name.chars().count() == 3 && rest[..at].ends_with("工会"))
        });
        if named {
            if found.is_none_or(|(_, y)| year > y) {
                found = Some((name, year));
            }
            // A plenary session names its congress too (`十八届三中全会` holds no `十八大`,
            // but `工会十六大` holds `十六大`): what was matched is not matched again.
            rest = rest.replace(name, "");
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_event_named() {
        for (text, want) in [
            (
                "认真学习贯彻党的十八大和十八届三中全会精神",
                Some(("十八届三中全会", 2013)),
            ),
            (
                "全面贯彻党的十七大和十七届六中全会精神",
                Some(("十七届六中全会", 2011)),
            ),
            ("深入贯彻学习党的十八大全会精神", Some(("十八大", 2012))),
            (
                "贯彻党的十八大、中国工会第十六次全国代表大会精神",
                Some(("中国工会第十六次全国代表大会", 2013)),
            ),
            ("学习工会十七大精神", Some(("工会十七大", 2018))),
            // The union's eighteenth congress (2023) is not the party's (2012).
            ("学习贯彻中国工会十八大精神", None),
            // The latest, wherever it is in the list; of two in one year, the first.
            ("学习工会十五大和党的十九大精神", Some(("十九大", 2017))),
            (
                "贯彻十九届三中全会和中国工会第十七次全国代表大会精神",
                Some(("中国工会第十七次全国代表大会", 2018)),
            ),
            ("做好工会工作", None),
        ] {
            assert_eq!(latest(text), want, "{text}");
        }
    }
}
