# 命令行：各命令和选项的帮助（plansite --help），以及命令行本身的错误

cli-about = 把工会的工作计划发布成静态网站
cli-help = 显示帮助
cli-version = 显示版本
cli-lang = 消息的语言：zh（中文，默认）或 en（英文）；也可用环境变量 PLANSITE_LANG，或 site.yaml 的 `language`
cli-heading-usage = 用法：
cli-heading-commands = 命令
cli-heading-options = 选项
cli-default = ［默认：{ $value }］
cli-possible-values = ［可选：{ $values }］
cli-heading-arguments = 参数

cli-build = 把网站生成到输出文件夹（只有生成成功才替换原来的网站）
cli-serve = 生成网站并在本机预览；文件一保存就重新生成，打开的页面自动刷新
cli-check = 检查网站，列出生成时会报告的所有问题，不写出任何文件
cli-new = 在 content/plans/ 下新建一份计划（草稿）
cli-fix-encoding = 把存成 GBK/GB18030 或 UTF-16 的文件转成 UTF-8，每个文件都先留备份
cli-init = 新建网站：在当前文件夹或 DIR 里写出 site.yaml、content/plans/ 和一份示例计划
cli-report = 报送情况：各单位每年是否报送了计划和总结

cli-root = 网站文件夹，里面有 site.yaml 和 content/［默认：从当前文件夹往上找到的第一个有 site.yaml 的文件夹］
cli-drafts = 包括标有 `draft: true` 的草稿
cli-strict = 把每条警告都当作错误，什么都不发布（同 site.yaml 的 `strict: true`），供自动检查使用
cli-init-dir = 在哪个文件夹里新建网站（没有就新建）
cli-report-year = 只看这一年，可以还没有计划［默认：每个有计划的年份］
cli-report-format = text 给人看，json 给其他程序，csv 用 Excel 打开（UTF-8，带 BOM）
cli-build-out = 网站写到哪里［默认：<网站文件夹>/public］
cli-build-base-path = 网站在服务器上的路径，例如 /plans/（优先于 site.yaml）
cli-build-no-wait = 另一次生成正在写同一个输出文件夹时，立即失败而不是等待
cli-serve-no-drafts = 不显示草稿，看到的网站和 `plansite build` 发布的完全一样（预览默认显示草稿，并标有“草稿”）
cli-serve-drafts = 显示草稿：预览默认就显示，保留这个选项是为了旧脚本还能用
cli-serve-port = 监听的端口；被占用时自动用下一个空闲端口（0：任意空闲端口）
cli-serve-bind = 监听的地址；0.0.0.0 让网络上的所有人都能看到预览（包括草稿，除非加 --no-drafts），serve 会提出警告；只在本机预览请保留 127.0.0.1
cli-serve-out = 预览页面写到哪里［默认：一个临时文件夹］
cli-serve-poll = 定时扫描文件来发现改动（用于网络共享文件夹）
cli-serve-open = 网站启动后在默认浏览器中打开
cli-check-format = 输出格式：text 是“文件:行:列: error: 消息”各行加一行汇总；json 是一份 JSON 文档
cli-check-fix = 先改正文件头（或 site.yaml）里的中文输入笔误（全角冒号、数字、逗号，看不见的空格），并把原文件备份为 .fix.bak
cli-check-all = 列出全部警告；不加时每类只列前 5 条，其余计数（JSON 总是全部列出）
cli-new-unit = 发文单位，和 site.yaml 里登记的一致（例如 区总工会）
cli-new-title = 计划的标题（例如 区总工会2026年工作计划）
cli-new-year = 计划的年份［默认：今年］
cli-new-kind = 类别（工作总结、实施方案、工作要点……）［默认：工作计划］
cli-new-slug = 文件名中年份后面的部分［默认：由标题生成］

cli-error-unknown-argument = 没有这个选项：{ $arg }
cli-error-unknown-command = 没有这个命令：{ $arg }
cli-error-missing-argument = 缺少必填的内容：{ $arg }
cli-error-invalid-value = { $arg } 的值“{ $value }”不能用
cli-error-conflict = { $arg } 不能和另一个已给的选项一起用
cli-error-suggested = 提示：可以用 { $suggested }
cli-error-more = 运行 `plansite --help` 查看所有命令，或 `plansite <命令> --help` 查看某个命令的选项
