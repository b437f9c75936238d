//! A small site written to a temporary folder and loaded through the pipeline, for the unit
//! tests of the stages that take a [`Site`].

use std::fs;

use crate::diagnostics::Problems;
use crate::pipeline::{self, Options};
use crate::render::Theme;
use crate::site::Site;

/// Two units, the second under the first, and plans added with [`TestSite::plan`].
pub struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// A site whose indexes show `page_size` plans a page.
    pub fn new(page_size: usize) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        let yaml = format!(
            "title: 测试\npage_size: {page_size}\nunits:\n  - name: 市总工会\n  - name: 区总工会\n    parent: 市总工会\n"
        );
        fs::write(dir.path().join("site.yaml"), yaml).unwrap();
        fs::create_dir_all(dir.path().join("content/plans")).unwrap();
        TestSite { dir }
    }

    /// Writes (or rewrites) the plan `name` of `unit` and `year`, tagged 帮扶, with `body`.
    pub fn plan(&self, name: &str, unit: &str, year: i32, body: &str) -> &TestSite {
        let text = format!(
            "---\ntitle: {name}\nunit: {unit}\nyear: {year}\ntags: [帮扶]\n---\n\n{body}\n"
        );
        let path = self.dir.path().join(format!("content/plans/{name}.md"));
        fs::write(path, text).unwrap();
        self
    }

    pub fn root(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// The site as it is on disk now; it must load without errors.
    pub fn load(&self) -> Site {
        let options = Options {
            root: self.dir.path().to_path_buf(),
            drafts: false,
            base_path: None,
            strict: false,
        };
        let mut problems = Problems::new();
        let site = pipeline::load_site(&options, &mut problems);
        assert!(!problems.has_errors(), "{problems:?}");
        site.unwrap()
    }

    /// The built-in theme, for `site`.
    pub fn theme(&self, site: &Site) -> Theme {
        let mut problems = Problems::new();
        let theme = Theme::load(self.dir.path(), &site.config, &mut problems);
        theme.unwrap_or_else(|| panic!("{problems:?}"))
    }
}
