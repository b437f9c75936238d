# 终端里的提示、汇总行，以及各命令的输出

diagnostic-help = 提示
diagnostic-more = ……另有 { $count } 条：{ $about }（plansite check --format json 会全部列出）
summary-counts = { $errors } 个错误，{ $warnings } 个警告
