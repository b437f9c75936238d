# 终端里的提示、汇总行，以及各命令的输出

diagnostic-help = 提示：
diagnostic-more = ……另有 { $count } 条：{ $about }（plansite check --format json 会全部列出）
summary-counts = { $errors } 个错误，{ $warnings } 个警告

build-done = 已把 { $plans } 份计划生成为 { $pages } 个页面（{ $files } 个文件），用时 { $ms } 毫秒：{ $index }
build-unchanged = 网站自上次生成以来没有变化，{ $out } 里没有写入任何文件
build-failed = 生成失败：{ $summary }；{ $out } 保持原样
check-summary = 检查了 { $plans } 份计划：{ $summary }
fix-slips-fixed = { $path }：已改正，原文件保存为 { $backup }
fix-encoding-converted = { $path }：已从 { $from } 转为 UTF-8，原文件保存为 { $backup }
fix-encoding-summary = 转换了 { $converted } 个文件，{ $failed } 个无法转换
init-wrote = 已写入 { $path }
init-done = 网站已建好。预览：plansite serve；新建计划：plansite new <单位> <标题>；生成网站：plansite build
new-wrote = 已写入 { $path }
new-draft-note = {"  "}提示：这是草稿，`plansite serve` 和 `plansite build --drafts` 会显示它；可以发布时，删掉 `draft: true` 这一行
new-not-written = 没有写入任何计划
report-incomplete = 报送情况可能不全：有错误的计划文件未计入
