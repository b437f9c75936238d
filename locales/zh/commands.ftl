# new、fix-encoding、check --fix、init 命令
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

new-folder-exists = 已经有一个同名的计划文件夹
    .help = 用 --slug 换一个名字
    .about = 已存在的计划文件夹

new-file-exists = 这个文件已经存在，没有改动它
    .help = 直接编辑那个文件，或用 --slug 换一个名字
    .about = 已存在的计划文件

new-write-failed = 无法写入文件：{ $error }
    .about = 未能写出的新计划

# $field：title、unit、kind 或 slug
new-field-empty = { $field ->
        [title] 标题
        [unit] 单位
        [kind] 类别（`--kind`）
       *[other] 网址名（`--slug`）
    }不能为空
    .about = 空的单位或标题

new-field-not-one-line = { $field ->
        [title] 标题
        [unit] 单位
        [kind] 类别（`--kind`）
       *[other] 网址名（`--slug`）
    }只能写一行
    .about = 多于一行的单位或标题

new-year-out-of-range = 年份应在 { $first } 到 { $last } 之间，不能是 { $year }
    .about = 超出可用年份范围的年份

# 新计划的路径下面显示：在预览里从哪里看它。
new-preview-hint = 预览：plansite serve，然后打开 { $address }（草稿也会显示）

fix-encoding-unknown = 文件不是 UTF-8、GBK/GB18030 或 UTF-16 编码，没有转换
    .help = 用当初写它的程序打开，另存为“UTF-8”编码；第一个不是 UTF-8 的字节就在这一行
    .about = 无法识别编码的文件

fix-encoding-unclean = 文件看起来是 { $encoding } 编码，但有些字节无法正确解码，没有转换
    .help = 打开文件检查文字，然后另存为“UTF-8”编码（记事本：另存为 → 编码 → UTF-8）
    .about = 无法完整解码的文件

fix-encoding-backup-exists = 备份 { $backup } 已经存在，文件没有转换
    .help = 把旧备份移到别处（或删除）后，再运行一次这个命令
    .about = 已存在的备份

fix-encoding-backup-failed = 无法写入备份 { $backup }：{ $error }
    .help = 把旧备份移到别处（或删除）后，再运行一次这个命令
    .about = 未能写出的备份

fix-encoding-write-failed = 无法写入转换后的文件：{ $error }
    .help = 原文件没有改动，另有一份在 { $backup }
    .about = 未能写出的转换后文件

fix-slips-backup-exists = 备份 { $backup } 已经存在，文件没有改动
    .help = 把旧备份移走或删除后，再运行一次这个命令
    .about = 已存在的 `.fix.bak` 备份

fix-slips-backup-failed = 无法写入备份 { $backup }：{ $error }
    .help = 检查文件夹的权限
    .about = 未能写出的 `.fix.bak` 备份

fix-slips-write-failed = 无法写入改正后的文件：{ $error }
    .help = 原文件没有改动，另有一份在 { $backup }
    .about = 未能写出的改正后文件

init-site-exists = 这里已经有一个网站，没有改动任何文件
    .help = 用 `plansite new` 新建计划，或在另一个空文件夹里运行 `plansite init`
    .about = 已经有网站的文件夹

init-write-failed = 无法写入文件：{ $error }
    .about = 未能写出的新网站

# plansite report：各年的报送情况
report-year = { $year }年报送情况：应报送 { $expected } 个单位
# $what：`plan` 或 `summary`；$names 用 report-name-separator 连接
report-missing = 未报送{ $what ->
        [plan] 计划
       *[other] 总结
    }（{ $count } 个）：{ $count ->
        [0] 无
       *[other] { $names }
    }
report-name-separator = 、
# $expected：`yes`，或 `no`（单位报送了，但不在应报名单里）
report-unit = { $unit }{ $expected ->
        [no] （不在应报名单）
       *[other] {""}
    }：计划 { $plan }；总结 { $summary }
report-filed = 《{ $title }》
report-not-filed = 未报送
report-csv-year = 年份
report-csv-unit = 单位
report-csv-expected = 应报送
report-csv-plan = 计划
report-csv-plan-title = 计划标题
report-csv-plan-file = 计划文件
report-csv-summary = 总结
report-csv-summary-title = 总结标题
report-csv-summary-file = 总结文件
report-csv-yes = 是
report-csv-no = 否
report-csv-filed = 已报送
report-csv-not-filed = 未报送
