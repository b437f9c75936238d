//! Numbers as Chinese documents write them: Arabic, full-width and Chinese digits
//! (`二〇一五`, `十二`, `二十一`), and the dates and years built from them.

use chrono::NaiveDate;

/// The value of one digit character in any of the ways it is written.
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '零' | '○' | 'Ｏ' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// A small number (a month, a day, a heading's number): digit by digit (`12`, `一二`) or with
/// 十 and 百 (`十二`, `二十一`, `一百零五`). `None` for anything else.
pub fn number(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if !text.contains(['十', '百']) {
        return text
            .chars()
            .try_fold(0u32, |n, c| n.checked_mul(10)?.checked_add(digit(c)?));
    }
    let (mut total, mut pending) = (0u32, None::<u32>);
    for c in text.chars() {
        match c {
            '百' => {
                total += pending.take().unwrap_or(1) * 100;
            }
            '十' => {
                total += pending.take().unwrap_or(1) * 10;
            }
            _ => match (digit(c)?, pending) {
                (0, _) => {}
                (d, None) => pending = Some(d),
                (_, Some(_)) => return None,
            },
        }
    }
    Some(total + pending.unwrap_or(0))
}

/// A year written with four digits of any kind just before `at` (a `年`), if there is one.
fn year_before(chars: &[char], at: usize) -> Option<i32> {
    if at < 4 {
        return None;
    }
    let digits = &chars[at - 4..at];
    // A fifth digit before them makes it some other number (a sum of money, a count).
    if at > 4 && digit(chars[at - 5]).is_some() {
        return None;
    }
    let mut year = 0i32;
    for &c in digits {
        year = year * 10 + digit(c)? as i32;
    }
    (1900..=2100).contains(&year).then_some(year)
}

/// Every year named as `2015年` or `二〇一五年` (and so `2015年度`), in order.
pub fn years(text: &str) -> Vec<i32> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .filter(|&i| chars[i] == '年')
        .filter_map(|i| year_before(&chars, i))
        .collect()
}

/// Every full date written `2015年1月20日` or `二〇一五年一月二十日` (号 for 日 too), in order.
pub fn dates(text: &str) -> Vec<NaiveDate> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for i in (0..chars.len()).filter(|&i| chars[i] == '年') {
        let Some(year) = year_before(&chars, i) else {
            continue;
        };
        let Some((month, after_month)) = number_until(&chars, i + 1, &['月']) else {
            continue;
        };
        let Some((day, _)) = number_until(&chars, after_month, &['日', '号']) else {
            continue;
        };
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            found.push(date);
        }
    }
    found
}

/// The number written from `start` up to one of `ends` (at most four characters, spaces
/// skipped), and where reading goes on after the end.
fn number_until(chars: &[char], start: usize, ends: &[char]) -> Option<(u32, usize)> {
    let mut written = String::new();
    for (offset, &c) in chars.get(start..)?.iter().enumerate().take(6) {
        if ends.contains(&c) {
            return number(&written).map(|n| (n, start + offset + 1));
        }
        if !c.is_whitespace() {
            written.push(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_digit_in_each_writing() {
        for (value, writings) in (0u32..).zip([
            "0０〇零○Ｏ",
            "1１一",
            "2２二两",
            "3３三",
            "4４四",
            "5５五",
            "6６六",
            "7７七",
            "8８八",
            "9９九",
        ]) {
            for c in writings.chars() {
                assert_eq!(digit(c), Some(value), "{c}");
            }
        }
        for c in ['十', '百', '年', 'a', 'O', ' '] {
            assert_eq!(digit(c), None, "{c}");
        }
    }

    #[test]
    fn numbers() {
        for (text, n) in [
            ("1", Some(1)),
            ("12", Some(12)),
            ("１２", Some(12)),
            ("十", Some(10)),
            ("十二", Some(12)),
            ("二十", Some(20)),
            ("二十一", Some(21)),
            ("三十一", Some(31)),
            ("一二", Some(12)),
            ("一百零五", Some(105)),
            ("", None),
            ("十x", None),
            ("年", None),
        ] {
            assert_eq!(number(text), n, "{text}");
        }
    }

    #[test]
    fn dates_in_every_writing() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        for (text, want) in [
            ("二〇一五年一月二十日", vec![d(2015, 1, 20)]),
            ("二○一四年十二月三十一日", vec![d(2014, 12, 31)]),
            ("2015年1月20日", vec![d(2015, 1, 20)]),
            ("２０１５年１月２０号", vec![d(2015, 1, 20)]),
            ("2015 年 3 月 8 日", vec![]),
            ("2015年3月 8 日", vec![d(2015, 3, 8)]),
            ("2015年2月30日", vec![]),
            ("12015年1月1日", vec![]),
            ("xx年1月1日", vec![]),
        ] {
            assert_eq!(dates(text), want, "{text}");
        }
    }

    #[test]
    fn years_named() {
        assert_eq!(
            years("2014年工作计划，2015年度，二〇一六年，xx年，12000年，1800年"),
            vec![2014, 2015, 2016]
        );
    }
}
