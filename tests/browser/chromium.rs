//! Debian's headless Chromium driven over the DevTools protocol (the `headless_chrome` crate,
//! which never downloads a browser: its `fetch` feature stays off), and a watch on every tab
//! that records requests leaving the site and console errors as they happen.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use base64::Engine as _;
use headless_chrome::browser::tab::Tab;
use headless_chrome::browser::tab::point::Point;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Network, Page as Cdp, Runtime};
use headless_chrome::{Browser, LaunchOptions};
use serde_json::Value;

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long anything awaited in the browser may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A browser with a fresh, empty profile. The browser is declared first so it stops before
/// its profile folder is deleted.
pub struct Chromium {
    browser: Browser,
    _profile: tempfile::TempDir,
}

impl Chromium {
    /// Starts Chromium, or returns `None` (after saying so loudly) when it is not installed and
    /// this is not CI. Under CI (`CI` set) a missing browser fails the test: a skipped browser
    /// test there would hide a broken set-up.
    pub fn launch(test: &str) -> Option<Chromium> {
        if !Path::new(CHROMIUM).exists() {
            let why = format!(
                "{CHROMIUM} is not installed (Debian: apt-get install chromium fonts-noto-cjk)"
            );
            assert!(std::env::var_os("CI").is_none(), "{test}: {why}");
            // Straight to the terminal: the test harness would swallow `eprintln!`.
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED browser test {test}: {why} ***\n"
            );
            return None;
        }
        let profile = tempfile::tempdir().unwrap();
        // Without these switches Chromium keeps calling out (updates, sync, first-run pages),
        // and a closed network answers with refused connections.
        let switches = [
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars", // for screenshots
        ];
        let options = LaunchOptions::default_builder()
            .path(Some(PathBuf::from(CHROMIUM)))
            .headless(true) // --headless
            .sandbox(false) // --no-sandbox: CI runs as root
            .enable_gpu(false) // --disable-gpu
            .ignore_certificate_errors(false)
            .disable_default_args(true) // only the switches above
            .args(switches.iter().map(OsStr::new).collect())
            .user_data_dir(Some(profile.path().to_path_buf()))
            .port(Some(0)) // Chromium picks a free port and prints it
            .window_size(Some((1280, 900)))
            .idle_browser_timeout(Duration::from_secs(120))
            .build()
            .unwrap();
        let browser = Browser::new(options)
            .unwrap_or_else(|e| panic!("{test}: {CHROMIUM} did not start: {e:#}"));
        Some(Chromium {
            browser,
            _profile: profile,
        })
    }

    /// A new tab on the site whose pages all live under `site` (an `http://127.0.0.1:port/...`
    /// or `file:///...` address ending in `/`): any request elsewhere is recorded as a leak.
    pub fn tab(&self, site: &str) -> Page {
        assert!(site.ends_with('/'), "{site}");
        let tab = self.browser.new_tab().unwrap();
        tab.set_default_timeout(PATIENCE);
        let watch = Arc::new(Mutex::new(Watch::default()));
        tab.add_event_listener(Arc::new({
            let watch = Arc::clone(&watch);
            let site = site.to_string();
            move |event: &Event| record(&mut watch.lock().unwrap(), &site, event)
        }))
        .unwrap();
        tab.call_method(Network::Enable {
            max_total_buffer_size: None,
            max_resource_buffer_size: None,
            max_post_data_size: None,
            report_direct_socket_traffic: None,
            enable_durable_messages: None,
        })
        .unwrap();
        tab.enable_runtime().unwrap();
        tab.enable_log().unwrap();
        Page {
            tab,
            watch,
            site: site.to_string(),
        }
    }
}

/// What the watch has seen on a tab.
#[derive(Default)]
struct Watch {
    /// The page the tab is on, to name it in messages about console errors.
    page: String,
    /// Whether a page other than the blank one a tab starts with has replaced the last one.
    navigated: bool,
    /// How many such pages have finished loading (their `load` event).
    loads: u64,
    /// Requests sent and neither finished nor failed yet: their addresses by request id.
    in_flight: HashMap<String, String>,
    /// Requests leaving the site, console errors and uncaught exceptions, each naming its page.
    problems: Vec<String>,
}

fn record(watch: &mut Watch, site: &str, event: &Event) {
    match event {
        Event::NetworkRequestWillBeSent(e) => {
            let p = &e.params;
            // `data:` addresses never leave the page; everything else must stay in the site.
            if !p.request.url.starts_with(site) && !p.request.url.starts_with("data:") {
                watch.problems.push(format!(
                    "{}: request leaves the site: {}",
                    p.document_url, p.request.url
                ));
            }
            // An event stream stays open for good (the preview's live reload): not awaited.
            if p.Type != Some(Network::ResourceType::EventSource) {
                watch
                    .in_flight
                    .insert(p.request_id.clone(), p.request.url.clone());
            }
        }
        Event::PageFrameNavigated(e) if e.params.frame.parent_id.is_none() => {
            watch.page = e.params.frame.url.clone();
            watch.navigated = watch.page != "about:blank";
        }
        Event::PageLoadEventFired(_) if watch.navigated => {
            watch.navigated = false;
            watch.loads += 1;
        }
        Event::NetworkLoadingFinished(e) => {
            watch.in_flight.remove(&e.params.request_id);
        }
        Event::NetworkLoadingFailed(e) => {
            watch.in_flight.remove(&e.params.request_id);
        }
        Event::RuntimeConsoleAPICalled(e)
            if matches!(
                e.params.Type,
                Runtime::ConsoleAPICalledEventTypeOption::Error
                    | Runtime::ConsoleAPICalledEventTypeOption::Assert
            ) =>
        {
            let text: Vec<String> = e.params.args.iter().map(describe).collect();
            let problem = format!("{}: console error: {}", watch.page, text.join(" "));
            watch.problems.push(problem);
        }
        Event::RuntimeExceptionThrown(e) => {
            let d = &e.params.exception_details;
            let what = d.exception.as_ref().map_or(d.text.clone(), describe);
            let problem = format!("{}: uncaught exception: {what}", watch.page);
            watch.problems.push(problem);
        }
        Event::LogEntryAdded(e) if e.params.entry.level == Log::LogEntryLevel::Error => {
            let entry = &e.params.entry;
            let url = entry.url.as_deref().unwrap_or("");
            let problem = format!("{}: console error: {} {url}", watch.page, entry.text);
            watch.problems.push(problem);
        }
        _ => {}
    }
}

/// Fails listing the problems the watch recorded, if there are any.
pub fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problem(s) in the browser:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

fn describe(value: &Runtime::RemoteObject) -> String {
    match (&value.value, &value.description) {
        (Some(Value::String(s)), _) => s.clone(),
        (Some(v), _) => v.to_string(),
        (None, Some(d)) => d.clone(),
        (None, None) => format!("{:?}", value.Type),
    }
}

/// A tab on the site under test.
pub struct Page {
    pub tab: Arc<Tab>,
    watch: Arc<Mutex<Watch>>,
    /// Where the site starts, ending in `/`.
    pub site: String,
}

impl Page {
    fn watch(&self) -> MutexGuard<'_, Watch> {
        self.watch.lock().unwrap()
    }

    /// Opens the page at `address` (relative to the site) and waits until it has loaded.
    pub fn open(&self, address: &str) {
        let url = format!("{}{address}", self.site);
        let loads = self.loads();
        self.tab
            .navigate_to(&url)
            .unwrap_or_else(|e| panic!("{url} did not open: {e:#}"));
        self.settle(loads, &url);
    }

    /// Clicks the link whose visible text is `text` (the first such link on the page) with
    /// the mouse, and waits for the page it leads to.
    pub fn click_link(&self, text: &str) {
        let here = self.url();
        // One round trip finds the link and brings it into view (each call to the browser
        // costs up to 100 ms with this driver, so they are kept few).
        let js = format!(
            "(() => {{
                const link = [...document.querySelectorAll('a[href]')]
                    .find(a => a.innerText.replace(/\\s+/g, ' ').trim() === {text});
                if (!link) return null;
                link.scrollIntoView({{block: 'center'}});
                const box = link.getBoundingClientRect();
                return [box.left + box.width / 2, box.top + box.height / 2];
            }})()",
            text = Value::from(text)
        );
        let middle = self.eval(&js);
        let (Some(x), Some(y)) = (middle[0].as_f64(), middle[1].as_f64()) else {
            panic!("{here}: no visible link reads {text:?}");
        };
        let loads = self.loads();
        self.tab
            .click_point(Point { x, y })
            .unwrap_or_else(|e| panic!("{here}: clicking {text:?} failed: {e:#}"));
        self.settle(
            loads,
            &format!("the page behind the link {text:?} on {here}"),
        );
    }

    /// The addresses of requests sent and not yet answered.
    pub fn open_requests(&self) -> Vec<String> {
        self.watch().in_flight.values().cloned().collect()
    }

    /// How many pages have loaded in the tab so far: pass it to `settle` after starting a
    /// navigation.
    pub fn loads(&self) -> u64 {
        self.watch().loads
    }

    /// Waits until a page loads after `loads` had, and every request it made has ended. The
    /// wait watches the browser's events instead of asking the page, which costs no round trip.
    pub fn settle(&self, loads: u64, what: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let watch = self.watch();
            if watch.loads > loads && watch.in_flight.is_empty() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "gave up after {PATIENCE:?} waiting for {what}: {} load(s) since, requests \
                 still open: {:?}",
                watch.loads - loads,
                watch.in_flight.values().collect::<Vec<_>>()
            );
            drop(watch);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Polls `check` until it gives a value; at the deadline, fails naming `what` and the last
    /// state `check` described.
    pub fn wait_for<T>(&self, what: &str, mut check: impl FnMut() -> Result<T, String>) -> T {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match check() {
                Ok(value) => return value,
                Err(state) => assert!(
                    Instant::now() < deadline,
                    "gave up after {PATIENCE:?} waiting for {what} on {}; last seen: {state}",
                    self.url()
                ),
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Evaluates JavaScript in the page and returns its value as JSON.
    pub fn eval(&self, js: &str) -> Value {
        let result = self
            .tab
            .call_method(Runtime::Evaluate {
                expression: js.to_string(),
                return_by_value: Some(true),
                await_promise: Some(false),
                object_group: None,
                include_command_line_api: None,
                silent: Some(true),
                context_id: None,
                generate_preview: None,
                user_gesture: None,
                throw_on_side_effect: None,
                timeout: None,
                disable_breaks: None,
                repl_mode: None,
                allow_unsafe_eval_blocked_by_csp: None,
                unique_context_id: None,
                serialization_options: None,
            })
            .unwrap_or_else(|e| panic!("evaluating {js}: {e:#}"));
        if let Some(d) = result.exception_details {
            panic!("evaluating {js}: {}", d.text);
        }
        result.result.value.unwrap_or(Value::Null)
    }

    pub fn url(&self) -> String {
        self.tab.get_url()
    }

    /// The text of the page's only `h1` (a page with none or several fails).
    pub fn h1(&self) -> String {
        let h1s = self.eval("[...document.querySelectorAll('h1')].map(h => h.innerText.trim())");
        match h1s.as_array().map(Vec::as_slice) {
            Some([Value::String(h1)]) => h1.clone(),
            _ => panic!("{}: expected one h1, found {h1s}", self.url()),
        }
    }

    /// The visible text of the first element matching `selector` ("" when there is none).
    pub fn text(&self, selector: &str) -> String {
        let js = format!(
            "(document.querySelector({}) || {{innerText: ''}}).innerText.trim()",
            Value::from(selector)
        );
        self.eval(&js).as_str().unwrap_or_default().to_string()
    }

    /// The requests that left the site and the console errors so far, emptied.
    pub fn take_problems(&self) -> Vec<String> {
        std::mem::take(&mut self.watch().problems)
    }

    /// Fails listing every request that left the site and every console error so far.
    pub fn assert_clean(&self) {
        assert_no_problems(&self.take_problems());
    }

    /// Shows the page as a phone would (`Some(width)`) or as the desktop window (`None`).
    pub fn emulate_width(&self, width: Option<u32>) {
        match width {
            Some(width) => self
                .tab
                .call_method(Emulation::SetDeviceMetricsOverride {
                    width,
                    height: 800,
                    device_scale_factor: 1.0,
                    mobile: true,
                    scale: None,
                    screen_width: None,
                    screen_height: None,
                    position_x: None,
                    position_y: None,
                    dont_set_visible_size: None,
                    screen_orientation: None,
                    viewport: None,
                    display_feature: None,
                    device_posture: None,
                })
                .map(drop),
            None => self
                .tab
                .call_method(Emulation::ClearDeviceMetricsOverride(None))
                .map(drop),
        }
        .unwrap();
    }

    /// Shows the page in the dark colour scheme or the light one.
    pub fn emulate_dark(&self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: None,
                features: Some(vec![Emulation::MediaFeature {
                    name: "prefers-color-scheme".into(),
                    value: scheme.into(),
                }]),
            })
            .unwrap();
    }

    /// Shows the page as it is printed (`print` media), or on screen again.
    pub fn emulate_print(&self, print: bool) {
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: Some(if print { "print" } else { "" }.into()),
                features: None,
            })
            .unwrap();
    }

    /// The page printed to PDF as the browser's print dialog would, on the paper size and
    /// margins its stylesheet asks for (`@page`), backgrounds left out.
    pub fn print_to_pdf(&self) -> Vec<u8> {
        let data = self
            .tab
            .call_method(Cdp::PrintToPDF {
                display_header_footer: Some(false),
                print_background: Some(false),
                prefer_css_page_size: Some(true),
                ..Default::default()
            })
            .unwrap_or_else(|e| panic!("{}: printing to PDF failed: {e:#}", self.url()))
            .data;
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap()
    }

    /// Saves a PNG of the whole page (not just the window) as `dir/name.png`.
    pub fn screenshot(&self, dir: &Path, name: &str) -> PathBuf {
        let size = self
            .eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
        let (width, height) = (size[0].as_f64().unwrap(), size[1].as_f64().unwrap());
        self.screenshot_area(dir, name, width, height)
    }

    /// Saves a PNG of the page's top left `width` x `height` CSS pixels as `dir/name.png`.
    pub fn screenshot_area(&self, dir: &Path, name: &str, width: f64, height: f64) -> PathBuf {
        let data = self
            .tab
            .call_method(Cdp::CaptureScreenshot {
                format: Some(Cdp::CaptureScreenshotFormatOption::Png),
                quality: None,
                clip: Some(Cdp::Viewport {
                    x: 0.0,
                    y: 0.0,
                    width,
                    height,
                    scale: 1.0,
                }),
                from_surface: Some(true),
                capture_beyond_viewport: Some(true),
                optimize_for_speed: None,
            })
            .unwrap()
            .data;
        let png = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }
}
