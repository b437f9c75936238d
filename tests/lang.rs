//! The language plansite speaks: Chinese unless told otherwise, by `--lang`, then
//! `PLANSITE_LANG`, then the site's `language`; the machine-readable parts the same in both.

mod common;

use std::process::Command;

use common::{Run, TestSite};

const SITE: &str =
    "title: 测试站\nbase_url: https://intranet.example/plans/\nunits:\n  - name: 街道总工会\n";

/// A site with one plan that lacks its `year`: one error to read.
fn site(config: &str) -> TestSite {
    let site = TestSite::new(config);
    site.plan("a", "title: 甲计划\nunit: 街道总工会", "正文。");
    site
}

const ZH: &str = "content/plans/a.md:2:1: error: 缺少 `year`";
const EN: &str = "content/plans/a.md:2:1: error: missing `year`";

#[test]
fn chinese_is_the_default_and_each_switch_outranks_the_next() {
    let zh_site = site(SITE);
    zh_site
        .run_as(None, &["check"])
        .failed()
        .says(ZH)
        .says("检查了 1 份计划：1 个错误，0 个警告");
    zh_site
        .run_as(None, &["check", "--lang", "en"])
        .failed()
        .says(EN)
        .says("checked 1 plan: 1 error, 0 warnings");
    zh_site.run_as(Some("en"), &["check"]).failed().says(EN);
    zh_site
        .run_as(Some("en"), &["--lang", "zh", "check"])
        .failed()
        .says(ZH);
    // A language plansite does not speak is passed over in the environment, refused as an
    // option.
    zh_site.run_as(Some("fr"), &["check"]).failed().says(ZH);
    let refused = zh_site.run_as(None, &["check", "--lang", "fr"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    refused.says("“fr”不能用").says("zh, en");

    let en_site = site(&format!("{SITE}language: en\n"));
    en_site.run_as(None, &["check"]).failed().says(EN);
    en_site
        .run_as(Some("zh_CN.UTF-8"), &["check"])
        .failed()
        .says(ZH);
    en_site
        .run_as(None, &["check", "--lang=zh"])
        .failed()
        .says(ZH);
}

/// Tools read `path:line:col: error:` and the JSON codes, in either language.
#[test]
fn the_machine_readable_parts_are_the_same_in_both_languages() {
    let site = site(SITE);
    let json = |lang: &str| {
        let run = site.run_as(None, &["check", "--format", "json", "--lang", lang]);
        run.failed();
        serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap()
    };
    let (zh, en) = (json("zh"), json("en"));
    let first = |v: &serde_json::Value, key: &str| v["diagnostics"][0][key].clone();
    for key in ["path", "line", "column", "severity", "code"] {
        assert_eq!(first(&zh, key), first(&en, key), "{key}");
    }
    assert_eq!(first(&zh, "code"), "plan.year.missing");
    assert_eq!(first(&zh, "severity"), "error");
    assert_eq!(first(&zh, "message"), "缺少 `year`");
    assert_eq!(first(&en, "message"), "missing `year`");
    assert!(first(&zh, "hint").as_str().unwrap().contains("year: 2015"));
}

#[test]
fn help_and_command_line_mistakes_are_in_the_language_of_the_run() {
    let site = site(SITE);
    let help = site.run_as(None, &["build", "--help"]);
    help.ok()
        .says_out("用法：plansite build")
        .says_out("只有生成成功才替换原来的网站")
        .says_out("--strict")
        .says_out("--lang");
    let help = site.run_as(None, &["--lang", "en", "build", "--help"]);
    help.ok()
        .says_out("Usage: plansite build")
        .says_out("replaced only when the build succeeds");
    let top = site.run_as(None, &["--help"]);
    top.ok()
        .says_out("把工会的工作计划发布成静态网站")
        .says_out("fix-encoding");

    let typo = site.run_as(None, &["buld"]);
    assert_eq!(typo.code, 2, "{}", typo.stderr);
    typo.says("error: 没有这个命令：buld").says("build");
    let typo = site.run_as(None, &["check", "--format", "xml"]);
    assert_eq!(typo.code, 2, "{}", typo.stderr);
    typo.says("“xml”不能用").says("text, json");
    // The common mistakes, each in its own words.
    for (args, says) in [
        (&["build", "--nope"][..], "error: 没有这个选项：--nope"),
        (&["import"][..], "error: 缺少必填的内容：<FILE_OR_FOLDER>"),
        (
            &["serve", "--drafts", "--no-drafts"][..],
            "不能和另一个已给的选项一起用",
        ),
    ] {
        let run = site.run_as(None, args);
        assert_eq!(run.code, 2, "{}", run.stderr);
        run.says(says);
    }
    // An option's default and choices, in the language of the run; none for a flag.
    let help = site.run_as(None, &["check", "--help"]);
    help.ok().says_out("［默认：text］［可选：text, json］");
    let strict = help
        .stdout
        .lines()
        .find(|l| l.contains("--strict"))
        .unwrap();
    assert!(!strict.contains('［'), "{strict}");
    assert!(!help.stdout.contains("［默认：］"), "{}", help.stdout);
    let typo = site.run_as(Some("en"), &["buld"]);
    assert_eq!(typo.code, 2, "{}", typo.stderr);
    typo.says("unrecognized subcommand 'buld'");
}

/// Every command's help, in each language, has a text for each option: none is left as the
/// id of a message the catalogue lacks.
#[test]
fn every_option_of_every_command_has_its_help_in_each_language() {
    let site = site(SITE);
    let commands = [
        "build",
        "serve",
        "check",
        "new",
        "fix-encoding",
        "init",
        "report",
        "import",
    ];
    for lang in ["zh", "en"] {
        for command in commands {
            let help = site.run_as(None, &["--lang", lang, command, "--help"]);
            help.ok();
            assert!(
                !help.stdout.contains("cli-"),
                "{lang} {command}:\n{}",
                help.stdout
            );
        }
    }
}

/// What `new` and `init` print, as a new editor first sees it.
#[test]
fn new_and_init_speak_chinese_by_default() {
    let site = site(SITE);
    site.run_as(None, &["new", "街道总工会", "乙计划"])
        .ok()
        .says_out("已写入")
        .says_out("这是草稿");
    let dir = tempfile::tempdir().unwrap();
    let init = Command::new(env!("CARGO_BIN_EXE_plansite"))
        .env_remove("PLANSITE_LANG")
        .args(["init"])
        .arg(dir.path())
        .output()
        .unwrap();
    Run::from(init).ok().says_out("网站已建好");
}
