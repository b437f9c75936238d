# plansite serve：预览服务器在终端和页面上显示的内容

serve-listening = 预览网址：{ $url }（按 Ctrl-C 停止）
serve-stopped = 已停止
serve-port-taken = 端口 { $port } 已被占用，改用 { $used }
serve-exposed = 警告：预览对网络上的所有人可见{ $drafts ->
        [yes] （包括草稿）
       *[no] {""}
    }：--bind { $ip } 让能连到这台电脑的人都能打开它。只在本机预览，请用 --bind 127.0.0.1（默认）。
serve-initial-build = 首次生成
serve-second-look = 再次检查文件
serve-changes = 文件有改动
serve-changed-unknown = 多个文件（改动太多，无法逐一列出）有改动
serve-changed-one = { $path } 已改动
serve-changed-many = { $path } 等 { $count } 个文件已改动
serve-rebuilt = { $what }：生成了 { $pages } 页中的 { $rendered } 页，更新 { $files } 个文件，用时 { $ms } 毫秒
serve-rebuild-failed = { $what }：重新生成失败（{ $summary }）；仍在提供上一次成功生成的页面
serve-watch-failed = 无法监视新文件夹：{ $error }
serve-no-ctrlc = 无法接管 Ctrl-C：{ $error }
serve-no-browser = 无法打开浏览器：{ $error }；请手动打开 { $url }
serve-error-temp-dir = 无法为页面建立临时文件夹：{ $error }
serve-error-watch = 无法监视 { $path }：{ $error }
serve-error-bind = 无法在 { $ip } 的端口 { $first } 到 { $last } 上监听：{ $error }；请用 --port 换一个端口
serve-error-no-address = 服务器没有 IP 地址
overlay-failed = 生成失败，页面仍是上一次成功生成的内容
overlay-warnings = { $count } 条警告，生成成功
