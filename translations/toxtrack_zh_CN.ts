<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Change database passphrase</source>
        <translation>更改数据库口令</translation>
    </message>
    <message>
        <source>Current passphrase:</source>
        <translation>当前口令：</translation>
    </message>
    <message>
        <source>The current passphrase is not the one that opens this database.</source>
        <translation>当前口令无法打开此数据库。</translation>
    </message>
    <message>
        <source>The new passphrase is the current one; type a different one.</source>
        <translation>新口令与当前口令相同；请输入不同的口令。</translation>
    </message>
</context>
<context>
    <name>AdverseEventPanel</name>
    <message>
        <source>not a CTCAE v5.0 term</source>
        <translation>非 CTCAE v5.0 术语</translation>
    </message>
    <message>
        <source>no trial comparator</source>
        <translation>无试验对照</translation>
    </message>
    <message>
        <source>%1 % (grade %2, pooled)</source>
        <translation>%1 %（%2 级，合并）</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>术语</translation>
    </message>
    <message>
        <source>System organ class</source>
        <translation>系统器官分类</translation>
    </message>
    <message>
        <source>Any grade
n (%)</source>
        <translation>任何级别
n (%)</translation>
    </message>
    <message>
        <source>Grade ≥ 3
n (%)</source>
        <translation>≥ 3 级
n (%)</translation>
    </message>
    <message>
        <source>Trial
(grade 3-4)</source>
        <translation>试验
（3-4 级）</translation>
    </message>
    <message>
        <source>not gradable</source>
        <translation>无法分级</translation>
    </message>
    <message>
        <source>ongoing</source>
        <translation>持续中</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Onset – resolution</source>
        <translation>发生 – 恢复</translation>
    </message>
    <message>
        <source>Criteria (ICH E2A)</source>
        <translation>严重性标准（ICH E2A）</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Related</source>
        <translation>相关性</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>采取的措施</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>转归</translation>
    </message>
    <message>
        <source>Treatment-
emergent</source>
        <translation>治疗期间
出现</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no: outside the window</source>
        <translation>否：在时间窗外</translation>
    </message>
    <message>
        <source>Adverse events of</source>
        <translation>不良事件，范围：</translation>
    </message>
    <message>
        <source>No serious adverse event has been recorded.</source>
        <translation>尚未记录严重不良事件。</translation>
    </message>
    <message>
        <source>Patients, not events: each treated patient counts once per term, at the worst treatment-emergent grade; % of the group&apos;s treated patients. Grade ≥ 3 includes grade 5. Trial: the trial&apos;s pooled grade 3-4 figure where it reported one, else no trial comparator.</source>
        <translation>按患者而非按事件计数：每名接受治疗的患者在每个术语下只计一次，取其治疗期间出现的最高分级；% 为该组接受治疗患者的百分比。≥ 3 级包括 5 级。试验：试验报告的合并 3-4 级数据（如有报告），否则无试验对照。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Adverse events by term&lt;/b&gt; (treatment-emergent) of</source>
        <translation>&lt;b&gt;按术语统计的不良事件&lt;/b&gt;（治疗期间出现），范围：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Serious adverse events&lt;/b&gt; (ICH E2A)</source>
        <translation>&lt;b&gt;严重不良事件&lt;/b&gt;（ICH E2A）</translation>
    </message>
</context>
<context>
    <name>AssessmentFormDialog</name>
    <message>
        <source>Time (local, %1)</source>
        <translation>时间（本地，%1）</translation>
    </message>
    <message>
        <source>This window is read-only.</source>
        <translation>此窗口为只读。</translation>
    </message>
    <message>
        <source>Computed grade</source>
        <translation>计算分级</translation>
    </message>
    <message>
        <source>Clinician override</source>
        <translation>临床医生修改</translation>
    </message>
    <message>
        <source>Override the computed grade</source>
        <translation>修改计算得出的分级</translation>
    </message>
    <message>
        <source>Grade </source>
        <translation>分级 </translation>
    </message>
    <message>
        <source>Reason (required for an override)</source>
        <translation>原因（修改分级时必填）</translation>
    </message>
    <message>
        <source>Cannot grade yet</source>
        <translation>尚无法分级</translation>
    </message>
    <message>
        <source>Grade %1 (%2)</source>
        <translation>%1 级（%2）</translation>
    </message>
    <message>
        <source>An override needs a reason.</source>
        <translation>修改分级须填写原因。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>BackupControls</name>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Last backup: {0}</source>
        <translation>上次备份：{0}</translation>
    </message>
    <message>
        <source>Backing up...</source>
        <translation>正在备份...</translation>
    </message>
    <message>
        <source>Backup saved and verified: {0}</source>
        <translation>备份已保存并验证：{0}</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>ToxTrack backups (*.db)</source>
        <translation>ToxTrack 备份 (*.db)</translation>
    </message>
    <message>
        <source>Replace the open database with the backup {0}? The current file is kept beside it, renamed with today&apos;s date, and ToxTrack reopens the restored one.</source>
        <translation>用备份 {0} 替换当前打开的数据库？当前文件将以今天的日期重命名并保留在旁边，ToxTrack 将重新打开恢复后的数据库。</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>No good backup</source>
        <translation>没有可用的备份</translation>
    </message>
    <message>
        <source>The database is damaged and no automatic backup of it verifies; keep this window read-only and contact your ToxTrack support contact.</source>
        <translation>数据库已损坏，且没有任何自动备份能通过验证；请保持此窗口为只读，并联系您的 ToxTrack 技术支持人员。</translation>
    </message>
    <message>
        <source>The database failed its check and is open read-only. Restore the newest good backup, made {0}? The damaged file is kept beside it.</source>
        <translation>数据库未通过检查，已以只读方式打开。是否恢复最新的可用备份（创建于 {0}）？损坏的文件将保留在旁边。</translation>
    </message>
    <message>
        <source>Verifying and restoring the backup {0}...</source>
        <translation>正在验证并恢复备份 {0}...</translation>
    </message>
    <message>
        <source>Restored; the previous file was kept as {0}.</source>
        <translation>已恢复；原文件已保留为 {0}。</translation>
    </message>
    <message>
        <source>Restored.</source>
        <translation>已恢复。</translation>
    </message>
    <message>
        <source>Verified: {0}.</source>
        <translation>已验证：{0}。</translation>
    </message>
    <message>
        <source>Not verified: {0}.</source>
        <translation>未通过验证：{0}。</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>备份已恢复</translation>
    </message>
    <message>
        <source>The folder {0} of the database no longer exists. Create it and restore the backup there?</source>
        <translation>数据库所在的文件夹 {0} 已不存在。是否创建该文件夹并将备份恢复到其中？</translation>
    </message>
    <message>
        <source>Folder missing</source>
        <translation>文件夹不存在</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <source>No patients treated yet</source>
        <translation>尚无患者接受治疗</translation>
    </message>
    <message>
        <source>This clinic (95 % exact CI)</source>
        <translation>本中心（95 % 精确置信区间）</translation>
    </message>
    <message>
        <source>Trial rate (NCT04521231, pooled grade 3-4)</source>
        <translation>试验发生率（NCT04521231，合并 3-4 级）</translation>
    </message>
    <message>
        <source>Patients with a grade 3-4 event</source>
        <translation>发生 3-4 级事件的患者比例</translation>
    </message>
    <message>
        <source>No cycle started yet</source>
        <translation>尚无周期开始</translation>
    </message>
    <message>
        <source>Inpatient days, SC (recorded)</source>
        <translation>SC 住院天数（记录）</translation>
    </message>
    <message>
        <source>Inpatient days, IV (label)</source>
        <translation>IV 住院天数（说明书）</translation>
    </message>
    <message>
        <source>Hospital visits, SC (recorded)</source>
        <translation>SC 来院次数（记录）</translation>
    </message>
    <message>
        <source>Bag-change visits, IV (assumed)</source>
        <translation>IV 换袋来院次数（假定）</translation>
    </message>
    <message>
        <source>Cycle %1</source>
        <translation>第 %1 周期</translation>
    </message>
    <message>
        <source>Days or visits (all patients)</source>
        <translation>天数或次数（所有患者）</translation>
    </message>
    <message>
        <source>IV vs SC per cycle</source>
        <translation>每周期 IV 与 SC 对比</translation>
    </message>
</context>
<context>
    <name>CohortDashboard</name>
    <message>
        <source>Recalculate</source>
        <translation>重新计算</translation>
    </message>
    <message>
        <source>Cohort report PDF...</source>
        <translation>队列报告 PDF...</translation>
    </message>
    <message>
        <source>Resources (IV vs SC)...</source>
        <translation>资源（IV 与 SC 对比）...</translation>
    </message>
    <message>
        <source>Patients treated = at least one dose given. Counted: grade ≥ 3 events %5 (values before the first dose are baseline, not counted). Exact (Clopper-Pearson) %1 % intervals and the exact two-sided binomial test that matches them; fewer than %2 patients: no verdict. Trial rates: %4; the trial reported pooled rates only, so each regimen is compared with the pooled rate. Trial: %3</source>
        <translation>已治疗患者 = 至少给药一次。计数：≥ 3 级事件 %5（首次给药前的数值为基线，不计入）。精确（Clopper-Pearson）%1 % 置信区间及与之对应的精确双侧二项检验；患者少于 %2 例：不作结论。试验发生率：%4；该试验仅报告了合并发生率，因此每个给药方案均与合并发生率比较。试验：%3</translation>
    </message>
    <message>
        <source>Cohort report PDF</source>
        <translation>队列报告 PDF</translation>
    </message>
    <message>
        <source>%1: these counts include invented demo patients and describe no clinic.</source>
        <translation>%1：这些计数包含虚构的演示患者，不代表任何临床中心。</translation>
    </message>
    <message>
        <source>Calculating...</source>
        <translation>正在计算...</translation>
    </message>
    <message>
        <source>Could not calculate: %1</source>
        <translation>无法计算：%1</translation>
    </message>
    <message>
        <source>No regimen&apos;s grade ≥ 3 rate is above the trial&apos;s (whole interval).</source>
        <translation>没有任何给药方案的 ≥ 3 级发生率高于试验（整个置信区间）。</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) treated.</source>
        <translation>
            <numerusform>已治疗 %n 例患者。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CohortModel</name>
    <message>
        <source>no trial comparator</source>
        <translation>无试验对照</translation>
    </message>
    <message>
        <source>too few patients to compare</source>
        <translation>患者过少，无法比较</translation>
    </message>
    <message>
        <source>above the trial</source>
        <translation>高于试验</translation>
    </message>
    <message>
        <source>below the trial</source>
        <translation>低于试验</translation>
    </message>
    <message>
        <source>consistent with the trial</source>
        <translation>与试验一致</translation>
    </message>
    <message>
        <source>All regimens (pooled)</source>
        <translation>所有给药方案（合并）</translation>
    </message>
    <message>
        <source>Regimen</source>
        <translation>给药方案</translation>
    </message>
    <message>
        <source>Toxicity</source>
        <translation>毒性</translation>
    </message>
    <message>
        <source>Grade 3-4
/ treated</source>
        <translation>3-4 级
/ 已治疗</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>发生率</translation>
    </message>
    <message>
        <source>95 %
exact CI</source>
        <translation>95 %
精确 CI</translation>
    </message>
    <message>
        <source>Trial rate
(pooled,
grade 3-4)</source>
        <translation>试验发生率
（合并，
3-4 级）</translation>
    </message>
    <message>
        <source>p (exact,
two-sided)</source>
        <translation>p（精确，
双侧）</translation>
    </message>
    <message>
        <source>Grade 5
(death), not
compared</source>
        <translation>5 级
（死亡），
不比较</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
</context>
<context>
    <name>CohortReport</name>
    <message>
        <source>ToxTrack cohort report</source>
        <translation>ToxTrack 队列报告</translation>
    </message>
    <message>
        <source>Grade 3-4 toxicity compared with %1</source>
        <translation>3-4 级毒性与 %1 的比较</translation>
    </message>
    <message>
        <source>No patients have been treated yet.</source>
        <translation>尚无患者接受治疗。</translation>
    </message>
    <message>
        <source>Forest plot</source>
        <translation>森林图</translation>
    </message>
    <message>
        <source>Compared with</source>
        <translation>比较对象</translation>
    </message>
    <message>
        <source>Minimum group size for a verdict</source>
        <translation>得出结论所需的最小组人数</translation>
    </message>
    <message>
        <source>%1 patients</source>
        <translation>%1 例患者</translation>
    </message>
    <message>
        <source>Cohort report: toxicity of SC blinatumomab in this clinic</source>
        <translation>队列报告：本中心皮下注射贝林妥欧单抗（blinatumomab）的毒性</translation>
    </message>
    <message>
        <source>Patients treated</source>
        <translation>已治疗患者</translation>
    </message>
    <message>
        <source>Cycles</source>
        <translation>周期数</translation>
    </message>
    <message>
        <source>Doses given / due</source>
        <translation>已给药 / 应给药剂次</translation>
    </message>
    <message>
        <source>Adherence</source>
        <translation>依从性</translation>
    </message>
    <message>
        <source>All regimens (pooled)</source>
        <translation>所有给药方案（合并）</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>治疗</translation>
    </message>
    <message>
        <source>Signals</source>
        <translation>信号</translation>
    </message>
    <message>
        <source>Definitions</source>
        <translation>定义</translation>
    </message>
    <message>
        <source>Trial reference: %1</source>
        <translation>试验参考：%1</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct %1</source>
        <translation>更正%1</translation>
    </message>
    <message>
        <source>e.g. transcription error</source>
        <translation>例如：转录错误</translation>
    </message>
    <message>
        <source>The old values stay in the record&apos;s history. Grades are recomputed.</source>
        <translation>原值保留在记录的历史中。分级将重新计算。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>未作任何更改。</translation>
    </message>
    <message>
        <source>A correction needs a reason.</source>
        <translation>更正须填写原因。</translation>
    </message>
</context>
<context>
    <name>CrsFormDialog</name>
    <message>
        <source>New CRS assessment</source>
        <translation>新建细胞因子释放综合征（CRS）评估</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>体温</translation>
    </message>
    <message>
        <source>Fever is %1 °C or more (ASTCT 2019)</source>
        <translation>发热指体温 ≥ %1 °C（ASTCT 2019）</translation>
    </message>
    <message>
        <source>Temperature &amp;not measured</source>
        <translation>未测体温(&amp;N)</translation>
    </message>
    <message>
        <source>Fever masked: antipyretic / tocilizumab / steroid given</source>
        <translation>发热被掩盖：已给予退热药 / 托珠单抗 / 糖皮质激素</translation>
    </message>
    <message>
        <source>e.g. tocilizumab 8 mg/kg, paracetamol 1 g</source>
        <translation>例如：托珠单抗 8 mg/kg，对乙酰氨基酚 1 g</translation>
    </message>
    <message>
        <source>e.g. infection; leave empty when the signs may be CRS</source>
        <translation>例如：感染；若体征可能为 CRS 则留空</translation>
    </message>
    <message>
        <source>The clinician attributes the fever, hypotension or hypoxia to this cause: the assessment is kept and shown, not graded as CRS</source>
        <translation>临床医生将发热、低血压或低氧归因于此原因：该评估会保留并显示，但不按 CRS 分级</translation>
    </message>
    <message>
        <source>Temperature (°C)</source>
        <translation>体温（°C）</translation>
    </message>
    <message>
        <source>Hypotension</source>
        <translation>低血压</translation>
    </message>
    <message>
        <source>Oxygen</source>
        <translation>氧疗</translation>
    </message>
    <message>
        <source>Treatment given</source>
        <translation>已给予的治疗</translation>
    </message>
    <message>
        <source>Signs due to another cause</source>
        <translation>体征由其他原因引起</translation>
    </message>
    <message>
        <source>Not saved: enter the temperature, or tick “Temperature not measured”.</source>
        <translation>未保存：请输入体温，或勾选“未测体温”。</translation>
    </message>
    <message>
        <source>Record CRS assessment</source>
        <translation>记录 CRS 评估</translation>
    </message>
</context>
<context>
    <name>CrsView</name>
    <message>
        <source>%1 (override; computed %2)</source>
        <translation>%1（已修改；计算值 %2）</translation>
    </message>
    <message>
        <source>grade %1</source>
        <translation>%1 级</translation>
    </message>
    <message>
        <source>Time (local)</source>
        <translation>时间（本地）</translation>
    </message>
    <message>
        <source>Temp °C</source>
        <translation>体温 °C</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>未测</translation>
    </message>
    <message>
        <source>Fever
masked</source>
        <translation>发热
被掩盖</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Hypotension</source>
        <translation>低血压</translation>
    </message>
    <message>
        <source>Oxygen</source>
        <translation>氧疗</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>治疗</translation>
    </message>
    <message>
        <source>New CRS assessment...</source>
        <translation>新建 CRS 评估...</translation>
    </message>
    <message>
        <source>CRS %1, %2</source>
        <translation>CRS %1，%2</translation>
    </message>
</context>
<context>
    <name>CycleSummary</name>
    <message>
        <source>ToxTrack cycle summary - %1 - cycle %2</source>
        <translation>ToxTrack 周期小结 - %1 - 第 %2 周期</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>（未记录）</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>病历号（MRN）</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Cycle dates</source>
        <translation>周期日期</translation>
    </message>
    <message>
        <source>%1 to %2 (%3 days)</source>
        <translation>%1 至 %2（%3 天）</translation>
    </message>
    <message>
        <source>Days of treatment so far</source>
        <translation>迄今治疗天数</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Cycle summary: %1, cycle %2</source>
        <translation>周期小结：%1，第 %2 周期</translation>
    </message>
    <message>
        <source>Dosing</source>
        <translation>给药</translation>
    </message>
    <message>
        <source>Delivery, premedication and hospital stays</source>
        <translation>给药地点、预防用药和住院</translation>
    </message>
    <message>
        <source>Flags for this cycle</source>
        <translation>本周期的提示</translation>
    </message>
    <message>
        <source>Flags inform; they are never a dosing instruction.</source>
        <translation>提示仅供参考，绝非给药指示。</translation>
    </message>
    <message>
        <source>This clinic compared with %1 (grade 3-4)</source>
        <translation>本中心与 %1 的比较（3-4 级）</translation>
    </message>
</context>
<context>
    <name>DoseCalendarModel</name>
    <message>
        <source>Given</source>
        <translation>已给药</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>漏用</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今日应给药</translation>
    </message>
    <message>
        <source>Not yet due</source>
        <translation>未到期</translation>
    </message>
    <message>
        <source>Overdue: no record</source>
        <translation>已逾期：无记录</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Planned µg</source>
        <translation>计划剂量 µg</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Given at (local)</source>
        <translation>给药时间（本地）</translation>
    </message>
    <message>
        <source>Given µg</source>
        <translation>给药剂量 µg</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>部位</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Protocol check</source>
        <translation>方案核查</translation>
    </message>
    <message>
        <source>Protocol check: %1</source>
        <translation>方案核查：%1</translation>
    </message>
</context>
<context>
    <name>DoseCalendarView</name>
    <message>
        <source>Record dose...</source>
        <translation>记录给药...</translation>
    </message>
    <message>
        <source>Move date...</source>
        <translation>调整日期...</translation>
    </message>
    <message>
        <source>Start next cycle...</source>
        <translation>开始下一周期...</translation>
    </message>
    <message>
        <source>Cycle summary PDF...</source>
        <translation>周期小结 PDF...</translation>
    </message>
    <message>
        <source>Make this cycle&apos;s summary for the chart and open it, to print</source>
        <translation>生成本周期小结（供病历使用）并打开以便打印</translation>
    </message>
    <message>
        <source>Cycle:</source>
        <translation>周期：</translation>
    </message>
    <message>
        <source>Cycle %1 (day 1 %2)</source>
        <translation>第 %1 周期（第 1 天 %2）</translation>
    </message>
    <message>
        <source>%1 of %2 doses due so far given</source>
        <translation>截至目前应给的 %2 剂中已给 %1 剂</translation>
    </message>
    <message>
        <source>No cycle started.</source>
        <translation>尚未开始周期。</translation>
    </message>
    <message>
        <source>Select a patient.</source>
        <translation>请选择患者。</translation>
    </message>
    <message>
        <source>Last injection sites, newest first: %1</source>
        <translation>最近的注射部位（最新在前）：%1</translation>
    </message>
    <message>
        <source>Protocol check: %1</source>
        <translation>方案核查：%1</translation>
    </message>
    <message>
        <source>Day %1, %2, %3</source>
        <translation>第 %1 天，%2，%3</translation>
    </message>
    <message>
        <source>Cycle summary PDF</source>
        <translation>周期小结 PDF</translation>
    </message>
    <message>
        <source>The thrice-weekly days are inferred from the published schedule (once daily days 1-7 of cycle 1, then three times a week to day 26): no source names the weekdays, so ToxTrack spaces them Mon/Wed/Fri when day 1 is a Monday. Any planned dose can be moved.</source>
        <translation>每周三次的给药日是根据已发表的给药时间表推断的（第 1 周期第 1-7 天每日一次，之后每周三次至第 26 天）：没有资料指明具体星期几，因此当第 1 天为星期一时，ToxTrack 将其安排在周一/周三/周五。任何计划给药均可调整。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>CSV files (a folder)</source>
        <translation>CSV 文件（一个文件夹）</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
        <source>REDCap data dictionary and records (a folder)</source>
        <translation>REDCap 数据字典和记录（一个文件夹）</translation>
    </message>
    <message>
        <source>CDISC SDTM-like AE, EX, LB: CSV and XPT (a folder)</source>
        <translation>类 CDISC SDTM 的 AE、EX、LB：CSV 和 XPT（一个文件夹）</translation>
    </message>
    <message>
        <source>FHIR AdverseEvent bundle (.json)</source>
        <translation>FHIR AdverseEvent 数据包（.json）</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>The cohort</source>
        <translation>整个队列</translation>
    </message>
    <message>
        <source>This patient (%1)</source>
        <translation>当前患者（%1）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>病历号（MRN）</translation>
    </message>
    <message>
        <source>Birth year</source>
        <translation>出生年份</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择...</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Data of</source>
        <translation>数据范围</translation>
    </message>
    <message>
        <source>Also include</source>
        <translation>同时包含</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Only the subject id identifies a patient unless you tick more.</source>
        <translation>除非勾选更多项，否则仅以受试者编号识别患者。</translation>
    </message>
    <message>
        <source>Warning: the export will contain %1, which identify patients. Protect it as patient data.</source>
        <translation>警告：导出内容将包含%1，可识别患者身份。请将其作为患者数据加以保护。</translation>
    </message>
    <message>
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Choose where to save the export.</source>
        <translation>请选择导出的保存位置。</translation>
    </message>
    <message>
        <source>Exporting...</source>
        <translation>正在导出...</translation>
    </message>
    <message>
        <source>Exported %1 files.</source>
        <translation>已导出 %1 个文件。</translation>
    </message>
    <message>
        <source>Nothing was exported: %1</source>
        <translation>未导出任何内容：%1</translation>
    </message>
</context>
<context>
    <name>FlagsModel</name>
    <message>
        <source>%1 % in the trial</source>
        <translation>试验中为 %1 %</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Toxicity</source>
        <translation>毒性</translation>
    </message>
    <message>
        <source>What needs attention</source>
        <translation>需关注事项</translation>
    </message>
    <message>
        <source>Trial figure</source>
        <translation>试验数据</translation>
    </message>
    <message>
        <source>Since (local)</source>
        <translation>起始时间（本地）</translation>
    </message>
</context>
<context>
    <name>FlagsPanel</name>
    <message>
        <source>Flags point at what to check; they never say what dose to give. Double-click to open.</source>
        <translation>提示标记指出需要核查的内容，从不建议给予何种剂量。双击打开。</translation>
    </message>
    <message>
        <source>Select a patient.</source>
        <translation>请选择患者。</translation>
    </message>
    <message>
        <source>No open flags.</source>
        <translation>无未处理的提示标记。</translation>
    </message>
    <message numerus="yes">
        <source>%n flag(s)</source>
        <translation>
            <numerusform>%n 个提示标记</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Discard?</source>
        <translation>放弃？</translation>
    </message>
    <message>
        <source>%1 is not saved. Discard what you typed?</source>
        <translation>%1尚未保存。是否放弃已输入的内容？</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History of %1 %2</source>
        <translation>%1 %2 的历史</translation>
    </message>
    <message>
        <source>Every change is kept; times are local with their offset from UTC.</source>
        <translation>所有更改均被保留；时间为本地时间，并注明与 UTC 的时差。</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>patient %1</source>
        <translation>患者 %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>%1 of 10 passed</source>
        <translation>10 项中通过 %1 项</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>已记录</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>已调整</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>已更正</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Void undone</source>
        <translation>已撤销作废</translation>
    </message>
    <message>
        <source>When (local)</source>
        <translation>时间（本地）</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation>原值 → 新值</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>IcansFormDialog</name>
    <message>
        <source>New ICANS assessment</source>
        <translation>新建免疫效应细胞相关神经毒性综合征（ICANS）评估</translation>
    </message>
    <message>
        <source>e.g. dexamethasone 10 mg IV</source>
        <translation>例如：地塞米松 10 mg 静脉注射</translation>
    </message>
    <message>
        <source>Consciousness</source>
        <translation>意识水平</translation>
    </message>
    <message>
        <source>Seizure</source>
        <translation>癫痫发作</translation>
    </message>
    <message>
        <source>Motor findings</source>
        <translation>运动功能表现</translation>
    </message>
    <message>
        <source>Raised ICP / cerebral oedema</source>
        <translation>颅内压升高 / 脑水肿</translation>
    </message>
    <message>
        <source>Treatment given</source>
        <translation>已给予的治疗</translation>
    </message>
    <message>
        <source>ICE score (one point per item passed)</source>
        <translation>ICE 评分（每通过一项得 1 分）</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>Object 1</source>
        <translation>物品 1</translation>
    </message>
    <message>
        <source>Object 2</source>
        <translation>物品 2</translation>
    </message>
    <message>
        <source>Object 3</source>
        <translation>物品 3</translation>
    </message>
    <message>
        <source>Follows a simple command</source>
        <translation>能执行简单指令</translation>
    </message>
    <message>
        <source>Writes a standard sentence</source>
        <translation>能书写一个标准句子</translation>
    </message>
    <message>
        <source>Counts back from 100 in tens</source>
        <translation>能从 100 开始每次减 10 倒数</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>定向力</translation>
    </message>
    <message>
        <source>Naming</source>
        <translation>命名</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>执行指令</translation>
    </message>
    <message>
        <source>Writing</source>
        <translation>书写</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>ICE performed (a box not ticked is an item failed)</source>
        <translation>已进行 ICE 评估（未勾选的项目视为未通过）</translation>
    </message>
    <message>
        <source>ICE not performed</source>
        <translation>未进行 ICE 评估</translation>
    </message>
    <message>
        <source>Patient unarousable</source>
        <translation>患者无法唤醒</translation>
    </message>
    <message>
        <source>Other reason</source>
        <translation>其他原因</translation>
    </message>
    <message>
        <source>Other reason (e.g. intubated, language barrier)</source>
        <translation>其他原因（例如：已插管、语言障碍）</translation>
    </message>
    <message>
        <source>ICE not scored yet</source>
        <translation>ICE 尚未评分</translation>
    </message>
    <message>
        <source>ICE %1/10</source>
        <translation>ICE %1/10</translation>
    </message>
    <message>
        <source>Not saved: tick “ICE performed” (and the items passed), or “ICE not performed”.</source>
        <translation>未保存：请勾选“已进行 ICE 评估”（及已通过的项目），或勾选“未进行 ICE 评估”。</translation>
    </message>
    <message>
        <source>Record ICANS assessment</source>
        <translation>记录 ICANS 评估</translation>
    </message>
</context>
<context>
    <name>IcansView</name>
    <message>
        <source>not performed</source>
        <translation>未进行</translation>
    </message>
    <message>
        <source>not done (%1)</source>
        <translation>未进行（%1）</translation>
    </message>
    <message>
        <source>Time (local)</source>
        <translation>时间（本地）</translation>
    </message>
    <message>
        <source>ICE</source>
        <translation>ICE</translation>
    </message>
    <message>
        <source>Consciousness</source>
        <translation>意识水平</translation>
    </message>
    <message>
        <source>Seizure</source>
        <translation>癫痫发作</translation>
    </message>
    <message>
        <source>Motor</source>
        <translation>运动</translation>
    </message>
    <message>
        <source>Raised ICP</source>
        <translation>颅内压升高</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>New ICANS assessment...</source>
        <translation>新建 ICANS 评估...</translation>
    </message>
    <message>
        <source>ICANS %1, %2</source>
        <translation>ICANS %1，%2</translation>
    </message>
</context>
<context>
    <name>LabFormDialog</name>
    <message>
        <source>New lab result</source>
        <translation>新建检验结果</translation>
    </message>
    <message>
        <source>Drawn at (local, %1)</source>
        <translation>采血时间（本地，%1）</translation>
    </message>
    <message>
        <source>ANC</source>
        <translation>中性粒细胞绝对计数（ANC）</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>×10⁹/L</source>
        <translation>×10⁹/L</translation>
    </message>
    <message>
        <source>cells/µL</source>
        <translation>个/µL</translation>
    </message>
    <message>
        <source>CTCAE v%1</source>
        <translation>CTCAE v%1</translation>
    </message>
    <message>
        <source>v6.0 grades from a secondary source (reference §4.3)</source>
        <translation>v6.0 分级来自二手来源（参考资料 §4.3）</translation>
    </message>
    <message>
        <source>Grading</source>
        <translation>分级标准</translation>
    </message>
    <message>
        <source>the lab that measured the sample: its last limits are offered</source>
        <translation>检测该样本的实验室：将提供其最近一次使用的参考范围</translation>
    </message>
    <message>
        <source>Lab source</source>
        <translation>检验实验室</translation>
    </message>
    <message>
        <source>ANC grade (neutropenia)</source>
        <translation>ANC 分级（中性粒细胞减少）</translation>
    </message>
    <message>
        <source>Other values of this sample (CTCAE v5.0, graded as you type)</source>
        <translation>该样本的其他检验值（CTCAE v5.0，输入时即分级）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Limit of normal</source>
        <translation>正常值界限</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>lab&apos;s unit</source>
        <translation>实验室单位</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>LLN</source>
        <translation>下限 LLN</translation>
    </message>
    <message>
        <source>ULN</source>
        <translation>上限 ULN</translation>
    </message>
    <message>
        <source>none before the first dose</source>
        <translation>首次给药前无数据</translation>
    </message>
    <message>
        <source>Cannot grade yet</source>
        <translation>尚无法分级</translation>
    </message>
    <message>
        <source>Grade %1</source>
        <translation>%1 级</translation>
    </message>
    <message>
        <source>ANC lower limit of normal (×10⁹/L)</source>
        <translation>ANC 正常值下限（×10⁹/L）</translation>
    </message>
    <message>
        <source>optional; v5.0 grade 1 needs it</source>
        <translation>可选；v5.0 的 1 级分级需要此值</translation>
    </message>
    <message>
        <source>CRP (mg/L)</source>
        <translation>C 反应蛋白 CRP（mg/L）</translation>
    </message>
    <message>
        <source>Ferritin (µg/L)</source>
        <translation>铁蛋白（µg/L）</translation>
    </message>
    <message>
        <source>ANC: %1 is outside the allowed range, %2 to %3 ×10⁹/L (%4 to %5 cells/µL).</source>
        <translation>ANC：%1 超出允许范围 %2 至 %3 ×10⁹/L（%4 至 %5 个/µL）。</translation>
    </message>
    <message>
        <source>= %1 ×10⁹/L</source>
        <translation>= %1 ×10⁹/L</translation>
    </message>
    <message>
        <source>= %1 cells/µL</source>
        <translation>= %1 个/µL</translation>
    </message>
    <message>
        <source>Enter the ANC (%1 to %2 ×10⁹/L).</source>
        <translation>请输入 ANC（%1 至 %2 ×10⁹/L）。</translation>
    </message>
    <message>
        <source>Enter the ANC.</source>
        <translation>请输入 ANC。</translation>
    </message>
    <message>
        <source>The ANC (%1 ×10⁹/L) cannot be more than the WBC of the same sample (%2 ×10⁹/L).</source>
        <translation>ANC（%1 ×10⁹/L）不能高于同一样本的白细胞计数 WBC（%2 ×10⁹/L）。</translation>
    </message>
    <message>
        <source>Check the unit</source>
        <translation>请核对单位</translation>
    </message>
    <message>
        <source>Converted; check the values and the grade, then save.</source>
        <translation>已换算；请核对数值和分级后保存。</translation>
    </message>
    <message>
        <source>Record lab result</source>
        <translation>记录检验结果</translation>
    </message>
    <message>
        <source>Record lab sample</source>
        <translation>记录检验样本</translation>
    </message>
    <message>
        <source>%1 %2 %3 is unusually %4 for a blood count in %3.

Did you mean %2 %5 (= %6 %3)?

Yes: read it as %5. No: save %2 %3 as typed. Cancel: back to the form.</source>
        <translation>以 %3 为单位的血细胞计数，%1 %2 %3 异常偏%4。

您是否指的是 %2 %5（= %6 %3）？

是：按 %5 读取。否：按输入保存 %2 %3。取消：返回表单。</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
</context>
<context>
    <name>LabHistoryModel</name>
    <message>
        <source>, baseline</source>
        <translation>，基线</translation>
    </message>
    <message>
        <source>Drawn (local)</source>
        <translation>采血时间（本地）</translation>
    </message>
    <message>
        <source>ANC ×10⁹/L</source>
        <translation>ANC ×10⁹/L</translation>
    </message>
    <message>
        <source>Neutropenia grade</source>
        <translation>中性粒细胞减少分级</translation>
    </message>
    <message>
        <source>LLN ×10⁹/L</source>
        <translation>LLN ×10⁹/L</translation>
    </message>
    <message>
        <source>WBC ×10⁹/L</source>
        <translation>白细胞 WBC ×10⁹/L</translation>
    </message>
    <message>
        <source>Platelets ×10⁹/L</source>
        <translation>血小板 ×10⁹/L</translation>
    </message>
    <message>
        <source>Hb g/L</source>
        <translation>血红蛋白 Hb g/L</translation>
    </message>
    <message>
        <source>CRP mg/L</source>
        <translation>CRP mg/L</translation>
    </message>
    <message>
        <source>Ferritin µg/L</source>
        <translation>铁蛋白 µg/L</translation>
    </message>
</context>
<context>
    <name>LabImportDialog</name>
    <message>
        <source>Subject id or MRN</source>
        <translation>受试者编号或病历号（MRN）</translation>
    </message>
    <message>
        <source>Date and time drawn</source>
        <translation>采血日期和时间</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>检验项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Lower limit of normal</source>
        <translation>正常值下限（LLN）</translation>
    </message>
    <message>
        <source>Upper limit of normal</source>
        <translation>正常值上限（ULN）</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>Comma</source>
        <translation>逗号</translation>
    </message>
    <message>
        <source>Semicolon</source>
        <translation>分号</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>Bar</source>
        <translation>竖线</translation>
    </message>
    <message>
        <source>Year-month-day (ISO 8601)</source>
        <translation>年-月-日（ISO 8601）</translation>
    </message>
    <message>
        <source>Day/month/year</source>
        <translation>日/月/年</translation>
    </message>
    <message>
        <source>Month/day/year</source>
        <translation>月/日/年</translation>
    </message>
    <message>
        <source>Subject id</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>病历号（MRN）</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Drawn</source>
        <translation>采血时间</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Import lab results</source>
        <translation>导入检验结果</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择...</translation>
    </message>
    <message>
        <source>(new mapping)</source>
        <translation>（新映射）</translation>
    </message>
    <message>
        <source>the laboratory, e.g. City hospital lab</source>
        <translation>检验实验室，例如：市医院检验科</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Saved mapping</source>
        <translation>已保存的映射</translation>
    </message>
    <message>
        <source>Source (mapping name)</source>
        <translation>来源（映射名称）</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <source>Dates written as</source>
        <translation>日期格式</translation>
    </message>
    <message>
        <source>Patients found by</source>
        <translation>患者匹配依据</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>预览(&amp;P)</translation>
    </message>
    <message>
        <source>Choose a file, check the columns, then Preview.</source>
        <translation>请选择文件并核对各列，然后点击“预览”。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Lab exports (*.csv *.txt *.tsv *.xlsx);;All files (*)</source>
        <translation>检验导出文件 (*.csv *.txt *.tsv *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The file cannot be read: %1</source>
        <translation>无法读取该文件：%1</translation>
    </message>
    <message>
        <source>(not in the file)</source>
        <translation>（文件中没有）</translation>
    </message>
    <message>
        <source>%1 rows read (%2). Check the columns, then Preview.</source>
        <translation>已读取 %1 行（%2）。请核对各列，然后点击“预览”。</translation>
    </message>
    <message>
        <source>Choose the column of: %1.</source>
        <translation>请选择以下字段对应的列：%1。</translation>
    </message>
    <message>
        <source>%1 rows will be added, %2 refused (listed first, with why).</source>
        <translation>将添加 %1 行，拒绝 %2 行（拒绝的行列在最前，并注明原因）。</translation>
    </message>
    <message>
        <source>Importing lab results...</source>
        <translation>正在导入检验结果...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import lab results from %1</source>
        <translation>从 %1 导入检验结果</translation>
    </message>
</context>
<context>
    <name>LabTermsView</name>
    <message>
        <source>, baseline</source>
        <translation>，基线</translation>
    </message>
    <message>
        <source>Drawn (local)</source>
        <translation>采血时间（本地）</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>术语</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>界限值</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>Lab source</source>
        <translation>检验实验室</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>依据</translation>
    </message>
</context>
<context>
    <name>LabsView</name>
    <message>
        <source>New lab result...</source>
        <translation>新建检验结果...</translation>
    </message>
    <message>
        <source>ANC %1 ×10⁹/L drawn %2</source>
        <translation>ANC %1 ×10⁹/L，采血于 %2</translation>
    </message>
    <message>
        <source>Drawing the ANC chart (%1 results)...</source>
        <translation>正在绘制 ANC 图表（%1 个结果）...</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Cohort</source>
        <translation>队列</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <source>ToxTrack — {0}</source>
        <translation>ToxTrack — {0}</translation>
    </message>
    <message>
        <source>%1: this database holds invented demo patients. Use a new database file for real patients.</source>
        <translation>%1：此数据库包含虚构的演示患者。真实患者请使用新的数据库文件。</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>read-write</source>
        <translation>读写</translation>
    </message>
    <message>
        <source>not encrypted</source>
        <translation>未加密</translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation>撤销{0}(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>The cohort dashboard is not available ({0}).</source>
        <translation>队列仪表板不可用（{0}）。</translation>
    </message>
    <message>
        <source>No patient</source>
        <translation>未选择患者</translation>
    </message>
    <message>
        <source>Select a patient first.</source>
        <translation>请先选择患者。</translation>
    </message>
    <message>
        <source>Sign cycle</source>
        <translation>签署周期</translation>
    </message>
    <message>
        <source>This patient has no cycle to sign yet.</source>
        <translation>该患者尚无可签署的周期。</translation>
    </message>
    <message>
        <source>No planned dose</source>
        <translation>无计划给药</translation>
    </message>
    <message>
        <source>This patient has no planned dose. Start a cycle in the Doses tab.</source>
        <translation>该患者没有计划给药。请在“给药”标签页中开始一个周期。</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>About ToxTrack</source>
        <translation>关于 ToxTrack</translation>
    </message>
    <message>
        <source>ToxTrack: offline tracking of subcutaneous blinatumomab toxicity (%1). Flags inform; they never tell anyone what dose to give.</source>
        <translation>ToxTrack：皮下注射贝林妥欧单抗（blinatumomab）毒性的离线追踪（%1）。提示标记仅供参考，从不指示给予何种剂量。</translation>
    </message>
    <message>
        <source>Wait for the restore to finish before closing.</source>
        <translation>请等待恢复完成后再关闭。</translation>
    </message>
</context>
<context>
    <name>MoveDoseDialog</name>
    <message>
        <source>Move dose — %1 day %2</source>
        <translation>调整给药 — %1 第 %2 天</translation>
    </message>
    <message>
        <source>e.g. public holiday, patient request</source>
        <translation>例如：法定节假日、患者要求</translation>
    </message>
    <message>
        <source>Planned date</source>
        <translation>计划日期</translation>
    </message>
    <message>
        <source>New date</source>
        <translation>新日期</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Choose a different date.</source>
        <translation>请选择其他日期。</translation>
    </message>
    <message>
        <source>Moving a dose needs a reason.</source>
        <translation>调整给药日期须填写原因。</translation>
    </message>
    <message>
        <source>Move dose to %1</source>
        <translation>将给药调整至 %1</translation>
    </message>
</context>
<context>
    <name>NewPassphraseDialog</name>
    <message>
        <source>I understand: do not encrypt this database (anyone who gets the file can read it)</source>
        <translation>我已了解：不加密此数据库（任何拿到该文件的人都能读取其内容）</translation>
    </message>
    <message>
        <source>New database: passphrase</source>
        <translation>新数据库：口令</translation>
    </message>
    <message>
        <source>Keep this passphrase safe: without it the database cannot be opened, and nobody can recover the data unless a backup&apos;s passphrase is known.</source>
        <translation>请妥善保管此口令：没有它就无法打开数据库；除非知道某个备份的口令，否则任何人都无法恢复数据。</translation>
    </message>
    <message>
        <source>Database passphrase</source>
        <translation>数据库口令</translation>
    </message>
    <message>
        <source>Passphrase (at least {0} characters):</source>
        <translation>口令（至少 {0} 个字符）：</translation>
    </message>
    <message>
        <source>The same passphrase again:</source>
        <translation>再次输入口令：</translation>
    </message>
    <message>
        <source>Remember on this workstation (OS keyring)</source>
        <translation>在此工作站上记住（操作系统密钥环）</translation>
    </message>
    <message>
        <source>Keep the unencrypted original (not advised: it stays readable)</source>
        <translation>保留未加密的原文件（不建议：其内容仍可被读取）</translation>
    </message>
</context>
<context>
    <name>NewPatientDialog</name>
    <message>
        <source>{0} is not allowed: {1}.</source>
        <translation>{0} 不允许：{1}。</translation>
    </message>
    <message>
        <source>New patient</source>
        <translation>新建患者</translation>
    </message>
    <message>
        <source>e.g. 044-0012</source>
        <translation>例如：044-0012</translation>
    </message>
    <message>
        <source>optional, e.g. 1961 (adults only: 18 or more)</source>
        <translation>可选，例如 1961（仅限成人：18 岁及以上）</translation>
    </message>
    <message>
        <source>optional (identifying)</source>
        <translation>可选（可识别身份的信息）</translation>
    </message>
    <message>
        <source>Start cycle 1 on</source>
        <translation>第 1 周期开始于</translation>
    </message>
    <message>
        <source>Subject id *</source>
        <translation>受试者编号 *</translation>
    </message>
    <message>
        <source>Regimen *</source>
        <translation>给药方案 *</translation>
    </message>
    <message>
        <source>Enrolment date *</source>
        <translation>入组日期 *</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Birth year</source>
        <translation>出生年份</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>病历号（MRN）</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>a subject id is required</source>
        <translation>受试者编号为必填项</translation>
    </message>
    <message>
        <source>a year from {0} to {1}, or empty</source>
        <translation>{0} 至 {1} 之间的年份，或留空</translation>
    </message>
    <message>
        <source>a date on or after the enrolment date</source>
        <translation>入组日期当天或之后的日期</translation>
    </message>
    <message>
        <source>new patient {0}</source>
        <translation>新建患者 {0}</translation>
    </message>
    <message>
        <source>The thrice-weekly days are inferred from the published schedule (once daily days 1-7 of cycle 1, then three times a week to day 26): no source names the weekdays, so ToxTrack spaces them Mon/Wed/Fri when day 1 is a Monday. Any planned dose can be moved.</source>
        <translation>每周三次的给药日是根据已发表的给药时间表推断的（第 1 周期第 1-7 天每日一次，之后每周三次至第 26 天）：没有资料指明具体星期几，因此当第 1 天为星期一时，ToxTrack 将其安排在周一/周三/周五。任何计划给药均可调整。</translation>
    </message>
</context>
<context>
    <name>NumberField</name>
    <message>
        <source>a minus sign is not allowed: the value cannot be negative</source>
        <translation>不允许输入负号：该值不能为负数</translation>
    </message>
    <message>
        <source>“%1” is not a number: type digits with at most one decimal comma or point, without thousands separators or spaces</source>
        <translation>“%1”不是数字：请输入数字，最多一个小数点（或小数逗号），不要使用千位分隔符或空格</translation>
    </message>
    <message>
        <source>“%1” could be %2 or %3: type %3 without a separator, or %2 with fewer decimals</source>
        <translation>“%1”可能是 %2 或 %3：如指 %3 请不加分隔符输入，如指 %2 请减少小数位</translation>
    </message>
    <message>
        <source>from %1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>%1: %2 is outside the allowed range, %3.</source>
        <translation>%1：%2 超出允许范围（%3）。</translation>
    </message>
</context>
<context>
    <name>PatientListModel</name>
    <message>
        <source>C{0} ended</source>
        <translation>C{0} 已结束</translation>
    </message>
    <message>
        <source>C{0} D{1}</source>
        <translation>C{0} D{1}</translation>
    </message>
    <message>
        <source>On treatment</source>
        <translation>治疗中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Discontinued</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Cycle / day</source>
        <translation>周期 / 天</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>提示标记</translation>
    </message>
    <message>
        <source>Regimen</source>
        <translation>给药方案</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Worst grade so far (– = never assessed)</source>
        <translation>迄今最高分级（– = 从未评估）</translation>
    </message>
</context>
<context>
    <name>PatientListView</name>
    <message>
        <source>Search subject id, name or MRN  (Ctrl+F)</source>
        <translation>搜索受试者编号、姓名或病历号  (Ctrl+F)</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s)</source>
        <translation>
            <numerusform>%n 例患者</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
</context>
<context>
    <name>ReadOnlyBanner</name>
    <message>
        <source>Checking the database file: changes can be saved as soon as the check has passed (a few seconds for a large file).</source>
        <translation>正在检查数据库文件：检查通过后即可保存更改（大文件需要几秒钟）。</translation>
    </message>
    <message>
        <source>Read-only: changes cannot be saved in this window.</source>
        <translation>只读：此窗口无法保存更改。</translation>
    </message>
    <message>
        <source>The database is open for writing by {0}.</source>
        <translation>数据库正由 {0} 以写入方式打开。</translation>
    </message>
</context>
<context>
    <name>RecordDoseDialog</name>
    <message>
        <source>%1 · cycle %2 day %3 · planned %4 µg on %5</source>
        <translation>%1 · 第 %2 周期第 %3 天 · 计划于 %5 给药 %4 µg</translation>
    </message>
    <message>
        <source>Record dose — %1</source>
        <translation>记录给药 — %1</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>已给药</translation>
    </message>
    <message>
        <source>Amount given</source>
        <translation>给药剂量</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>（未记录）</translation>
    </message>
    <message>
        <source>what was given before this dose, if anything</source>
        <translation>本次给药前给予的药物（如有）</translation>
    </message>
    <message>
        <source>Time (local, %1)</source>
        <translation>时间（本地，%1）</translation>
    </message>
    <message>
        <source>Amount given (µg)</source>
        <translation>给药剂量（µg）</translation>
    </message>
    <message>
        <source>Injection site</source>
        <translation>注射部位</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>给药地点</translation>
    </message>
    <message>
        <source>Given by</source>
        <translation>给药人</translation>
    </message>
    <message>
        <source>Nurse or chair time (min)</source>
        <translation>护士或输注椅占用时间（分钟）</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Premedication</source>
        <translation>预处理用药</translation>
    </message>
    <message>
        <source>empty: you (%1)</source>
        <translation>留空：即您本人（%1）</translation>
    </message>
    <message>
        <source>Nurse or chair time</source>
        <translation>护士或输注椅占用时间</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未给药</translation>
    </message>
    <message>
        <source>(choose a reason)</source>
        <translation>（请选择原因）</translation>
    </message>
    <message>
        <source>details (optional)</source>
        <translation>详情（可选）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Protocol check</source>
        <translation>方案核查</translation>
    </message>
    <message>
        <source>why this dose differs from the plan</source>
        <translation>本次给药与计划不同的原因</translation>
    </message>
    <message>
        <source>Reason to save it anyway</source>
        <translation>仍要保存的原因</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>A held or missed dose needs a reason.</source>
        <translation>暂停或漏用的给药须填写原因。</translation>
    </message>
    <message>
        <source>Record dose as %1</source>
        <translation>记录为%1</translation>
    </message>
</context>
<context>
    <name>RecordListView</name>
    <message>
        <source>Show v&amp;oided</source>
        <translation>显示已作废(&amp;O)</translation>
    </message>
    <message>
        <source>Also list records voided as entered in error (struck through)</source>
        <translation>同时列出因录入错误而作废的记录（以删除线显示）</translation>
    </message>
    <message>
        <source>Select a patient.</source>
        <translation>请选择患者。</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>尚无记录。</translation>
    </message>
</context>
<context>
    <name>RecordMenu</name>
    <message>
        <source>Correct...</source>
        <translation>更正...</translation>
    </message>
    <message>
        <source>Void (entered in error)...</source>
        <translation>作废（录入错误）...</translation>
    </message>
    <message>
        <source>History...</source>
        <translation>历史...</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>Aggregate clinic data; serious adverse events by subject ID only - handle per local policy.</source>
        <translation>本中心汇总数据；严重不良事件仅以受试者编号列出——请按本地规定处理。</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>软件版本</translation>
    </message>
    <message>
        <source>Regimen</source>
        <translation>给药方案</translation>
    </message>
    <message>
        <source>Toxicity</source>
        <translation>毒性</translation>
    </message>
    <message>
        <source>Contains patient data - handle per local policy.</source>
        <translation>含患者数据——请按本地规定处理。</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Patients with grade 3-4</source>
        <translation>3-4 级患者数</translation>
    </message>
    <message>
        <source>Rate (exact CI)</source>
        <translation>发生率（精确置信区间）</translation>
    </message>
    <message>
        <source>Trial rate (pooled, grade 3-4)</source>
        <translation>试验发生率（合并，3-4 级）</translation>
    </message>
    <message>
        <source>Grade 5 (death), not compared</source>
        <translation>5 级（死亡），不参与比较</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Audit chain: %1 entries, head SHA-256 %2</source>
        <translation>审计链：%1 条记录，链头 SHA-256 %2</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
</context>
<context>
    <name>ResourceReport</name>
    <message>
        <source>Resource report: SC blinatumomab delivery against the IV regimen</source>
        <translation>资源报告：皮下注射贝林妥欧单抗（blinatumomab）与静脉方案的对比</translation>
    </message>
    <message>
        <source>Patients, cycles counted</source>
        <translation>计入的患者数、周期数</translation>
    </message>
    <message>
        <source>IV bag length assumed</source>
        <translation>假定的静脉输液袋时长</translation>
    </message>
    <message>
        <source>%1 h (%2 bags a cycle)</source>
        <translation>%1 小时（每周期 %2 袋）</translation>
    </message>
    <message>
        <source>ToxTrack resource report</source>
        <translation>ToxTrack 资源报告</translation>
    </message>
    <message>
        <source>IV vs SC per cycle (all patients)</source>
        <translation>每周期静脉与皮下对比（所有患者）</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Per patient and cycle</source>
        <translation>按患者和周期</translation>
    </message>
    <message>
        <source>No cycle has started yet: nothing to count.</source>
        <translation>尚无周期开始：无可统计内容。</translation>
    </message>
    <message>
        <source>Assumptions, sources and what is not published</source>
        <translation>假设、来源及未公开的内容</translation>
    </message>
</context>
<context>
    <name>ResourcesModel</name>
    <message>
        <source>Cycle (patients)</source>
        <translation>周期（患者数）</translation>
    </message>
    <message>
        <source>Doses SC</source>
        <translation>SC 给药次数</translation>
    </message>
    <message>
        <source>Inpatient days SC</source>
        <translation>SC 住院天数</translation>
    </message>
    <message>
        <source>Inpatient days IV</source>
        <translation>IV 住院天数</translation>
    </message>
    <message>
        <source>Hospital visits SC</source>
        <translation>SC 到院次数</translation>
    </message>
    <message>
        <source>IV visits (bag changes)</source>
        <translation>IV 到访次数（换袋）</translation>
    </message>
    <message>
        <source>Home doses SC</source>
        <translation>SC 居家给药次数</translation>
    </message>
    <message>
        <source>Nurse minutes SC (doses timed)</source>
        <translation>SC 护士分钟数（已计时剂次）</translation>
    </message>
    <message>
        <source>Pump and line days IV</source>
        <translation>IV 输液泵及导管天数</translation>
    </message>
</context>
<context>
    <name>ResourcesView</name>
    <message>
        <source>Resources: SC delivery against the IV regimen</source>
        <translation>资源：皮下（SC）给药与静脉（IV）方案对比</translation>
    </message>
    <message>
        <source>%1 h bags</source>
        <translation>%1 小时输液袋</translation>
    </message>
    <message>
        <source>Resource report PDF...</source>
        <translation>资源报告 PDF...</translation>
    </message>
    <message>
        <source>IV bag length:</source>
        <translation>静脉输液袋时长：</translation>
    </message>
    <message>
        <source>%1: these figures include invented demo patients and describe no clinic.</source>
        <translation>%1：这些数据包含虚构的演示患者，不代表任何临床中心。</translation>
    </message>
    <message>
        <source>Calculating...</source>
        <translation>正在计算...</translation>
    </message>
    <message>
        <source>Could not calculate: %1</source>
        <translation>无法计算：%1</translation>
    </message>
    <message>
        <source>Patients: %1, cycles counted: %2</source>
        <translation>患者：%1，统计周期数：%2</translation>
    </message>
    <message>
        <source>Resource report PDF</source>
        <translation>资源报告 PDF</translation>
    </message>
</context>
<context>
    <name>StartCycleDialog</name>
    <message>
        <source>Start cycle %1 — %2</source>
        <translation>开始第 %1 周期 — %2</translation>
    </message>
    <message>
        <source>Regimen</source>
        <translation>给药方案</translation>
    </message>
    <message>
        <source>Start date (cycle day 1)</source>
        <translation>开始日期（周期第 1 天）</translation>
    </message>
    <message>
        <source>Start cycle</source>
        <translation>开始周期</translation>
    </message>
    <message>
        <source>%1 planned doses, %2 to %3.</source>
        <translation>计划给药 %1 剂，%2 至 %3。</translation>
    </message>
    <message>
        <source>Protocol check</source>
        <translation>方案核查</translation>
    </message>
    <message>
        <source>Reason to start it anyway</source>
        <translation>仍要开始的原因</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Start cycle %1</source>
        <translation>开始第 %1 周期</translation>
    </message>
    <message>
        <source>day %1 (%2)</source>
        <translation>第 %1 天（%2）</translation>
    </message>
    <message>
        <source>Planned on a weekend: %1.</source>
        <translation>计划在周末：%1。</translation>
    </message>
    <message>
        <source>The thrice-weekly days are inferred from the published schedule (once daily days 1-7 of cycle 1, then three times a week to day 26): no source names the weekdays, so ToxTrack spaces them Mon/Wed/Fri when day 1 is a Monday. Any planned dose can be moved.</source>
        <translation>每周三次的给药日是根据已发表的给药时间表推断的（第 1 周期第 1-7 天每日一次，之后每周三次至第 26 天）：没有资料指明具体星期几，因此当第 1 天为星期一时，ToxTrack 将其安排在周一/周三/周五。任何计划给药均可调整。</translation>
    </message>
</context>
<context>
    <name>TermSearch</name>
    <message>
        <source>%1 has its own tab: record it there, not here.</source>
        <translation>%1 有单独的标签页：请在那里记录，不要在此处记录。</translation>
    </message>
    <message>
        <source>%1 is recorded as %2 on its own tab, not here.</source>
        <translation>%1 在其单独的标签页中记录为%2，不在此处记录。</translation>
    </message>
    <message>
        <source>Navigational note (CTCAE): %1</source>
        <translation>CTCAE 导航说明：%1</translation>
    </message>
    <message>
        <source>Not a CTCAE v5.0 term yet: pick one from the list.</source>
        <translation>尚不是 CTCAE v5.0 术语：请从列表中选择。</translation>
    </message>
</context>
<context>
    <name>TodayModel</name>
    <message>
        <source>Day {0} dose ({1} µg) not recorded</source>
        <translation>第 {0} 天给药（{1} µg）未记录</translation>
    </message>
    <message>
        <source>Dose due: day {0}, {1} µg</source>
        <translation>应给药：第 {0} 天，{1} µg</translation>
    </message>
    <message>
        <source>{0} assessment expected today, none recorded</source>
        <translation>今日应进行{0}评估，尚无记录</translation>
    </message>
    <message>
        <source>{0} at {1}: {2}; the check is still to do</source>
        <translation>{0}（{1}）：{2}；仍需核查</translation>
    </message>
    <message>
        <source>{0} episode open since {1}, peak grade {2}: next assessment overdue since {3}</source>
        <translation>{0} 事件自 {1} 起进行中，最高 {2} 级：下次评估自 {3} 起已逾期</translation>
    </message>
    <message>
        <source>{0} episode open since {1}, peak grade {2}: next assessment due {3}</source>
        <translation>{0} 事件自 {1} 起进行中，最高 {2} 级：下次评估时间 {3}</translation>
    </message>
    <message>
        <source>{0}, peak grade {1}, open since {2} (serious): no resolution recorded</source>
        <translation>{0}，最高 {1} 级，自 {2} 起进行中（严重）：未记录转归</translation>
    </message>
    <message>
        <source>{0}, peak grade {1}, open since {2}: no resolution recorded</source>
        <translation>{0}，最高 {1} 级，自 {2} 起进行中：未记录转归</translation>
    </message>
    <message>
        <source>Critical flag</source>
        <translation>严重提示标记</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>提示标记</translation>
    </message>
    <message>
        <source>Overdue dose</source>
        <translation>逾期给药</translation>
    </message>
    <message>
        <source>Dose due</source>
        <translation>应给药</translation>
    </message>
    <message>
        <source>%1 check</source>
        <translation>%1 核查</translation>
    </message>
    <message>
        <source>%1 open</source>
        <translation>%1 未结束</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Enter or double-click a line to open the form that resolves it.</source>
        <translation>按回车键或双击某一行，打开处理该事项的表单。</translation>
    </message>
    <message numerus="yes">
        <source>Today, {0}: %n thing(s) to do</source>
        <translation>
            <numerusform>今日，{0}：%n 项待办</numerusform>
        </translation>
    </message>
    <message>
        <source>(updating…)</source>
        <translation>（正在更新…）</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>This window cannot save.</source>
        <translation>此窗口无法保存。</translation>
    </message>
</context>
<context>
    <name>ToxicityForm</name>
    <message>
        <source>Temperature (°C)</source>
        <translation>体温（°C）</translation>
    </message>
    <message>
        <source>Empty only when not measured: the assessment is then not gradable</source>
        <translation>仅在未测量时留空：此时该评估无法分级</translation>
    </message>
    <message>
        <source>Fever masked (antipyretic / tocilizumab / steroid)</source>
        <translation>发热被掩盖（退热药 / 托珠单抗 / 糖皮质激素）</translation>
    </message>
    <message>
        <source>Hypotension</source>
        <translation>低血压</translation>
    </message>
    <message>
        <source>Oxygen</source>
        <translation>氧疗</translation>
    </message>
    <message>
        <source>Signs due to another cause</source>
        <translation>体征由其他原因引起</translation>
    </message>
    <message>
        <source>Treatment given</source>
        <translation>已给予的治疗</translation>
    </message>
    <message>
        <source>Consciousness</source>
        <translation>意识水平</translation>
    </message>
    <message>
        <source>ICE items</source>
        <translation>ICE 项目</translation>
    </message>
    <message>
        <source>Ten points (ICE, clinical-reference.md §3.1); not assessed is not gradable alone</source>
        <translation>共十分（ICE，clinical-reference.md §3.1）；未评估时无法单独据此分级</translation>
    </message>
    <message>
        <source>ICE not performed because</source>
        <translation>未进行 ICE 评估的原因</translation>
    </message>
    <message>
        <source>Seizure</source>
        <translation>癫痫发作</translation>
    </message>
    <message>
        <source>Motor findings</source>
        <translation>运动功能表现</translation>
    </message>
    <message>
        <source>Raised ICP / cerebral oedema</source>
        <translation>颅内压升高 / 脑水肿</translation>
    </message>
    <message>
        <source>ANC (×10⁹/L)</source>
        <translation>ANC（×10⁹/L）</translation>
    </message>
    <message>
        <source>ANC lower limit of normal (×10⁹/L)</source>
        <translation>ANC 正常值下限（×10⁹/L）</translation>
    </message>
    <message>
        <source>CTCAE version</source>
        <translation>CTCAE 版本</translation>
    </message>
    <message>
        <source>WBC (×10⁹/L)</source>
        <translation>白细胞 WBC（×10⁹/L）</translation>
    </message>
    <message>
        <source>Platelets (×10⁹/L)</source>
        <translation>血小板（×10⁹/L）</translation>
    </message>
    <message>
        <source>Haemoglobin (g/L)</source>
        <translation>血红蛋白（g/L）</translation>
    </message>
    <message>
        <source>CRP (mg/L)</source>
        <translation>C 反应蛋白 CRP（mg/L）</translation>
    </message>
    <message>
        <source>Ferritin (µg/L)</source>
        <translation>铁蛋白（µg/L）</translation>
    </message>
    <message>
        <source>Platelets lower limit of normal</source>
        <translation>血小板正常值下限</translation>
    </message>
    <message>
        <source>the lab&apos;s limit for this sample</source>
        <translation>该样本所用实验室的界限值</translation>
    </message>
    <message>
        <source>Lab source</source>
        <translation>检验实验室</translation>
    </message>
    <message>
        <source>Lymphocytes (×10⁹/L)</source>
        <translation>淋巴细胞（×10⁹/L）</translation>
    </message>
    <message>
        <source>Lymphocytes lower limit of normal</source>
        <translation>淋巴细胞正常值下限</translation>
    </message>
    <message>
        <source>WBC lower limit of normal</source>
        <translation>白细胞正常值下限</translation>
    </message>
    <message>
        <source>Haemoglobin lower limit of normal</source>
        <translation>血红蛋白正常值下限</translation>
    </message>
    <message>
        <source>ALT (the lab&apos;s unit)</source>
        <translation>丙氨酸氨基转移酶 ALT（实验室单位）</translation>
    </message>
    <message>
        <source>ALT upper limit of normal</source>
        <translation>ALT 正常值上限</translation>
    </message>
    <message>
        <source>ALT baseline (last before the first dose)</source>
        <translation>ALT 基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>AST (the lab&apos;s unit)</source>
        <translation>天门冬氨酸氨基转移酶 AST（实验室单位）</translation>
    </message>
    <message>
        <source>AST upper limit of normal</source>
        <translation>AST 正常值上限</translation>
    </message>
    <message>
        <source>AST baseline (last before the first dose)</source>
        <translation>AST 基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>Bilirubin (the lab&apos;s unit)</source>
        <translation>胆红素（实验室单位）</translation>
    </message>
    <message>
        <source>Bilirubin upper limit of normal</source>
        <translation>胆红素正常值上限</translation>
    </message>
    <message>
        <source>Bilirubin baseline (last before the first dose)</source>
        <translation>胆红素基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>Creatinine (the lab&apos;s unit)</source>
        <translation>肌酐（实验室单位）</translation>
    </message>
    <message>
        <source>Creatinine upper limit of normal</source>
        <translation>肌酐正常值上限</translation>
    </message>
    <message>
        <source>Creatinine baseline (last before the first dose)</source>
        <translation>肌酐基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>After the dose given</source>
        <translation>对应的已给药剂次</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>A disorder characterized by an intense adverse reaction (usually immunologic) developing at the site of an injection.</source>
        <translation>A disorder characterized by an intense adverse reaction (usually immunologic) developing at the site of an injection.</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>CTCAE v5.0 term</source>
        <translation>CTCAE v5.0 术语</translation>
    </message>
    <message>
        <source>Type part of the term, its system organ class or its MedDRA code</source>
        <translation>输入术语的一部分、其系统器官分类或 MedDRA 编码（术语为英文）</translation>
    </message>
    <message>
        <source>Name of the event (an “Other, specify” term)</source>
        <translation>事件名称（“Other, specify”术语）</translation>
    </message>
    <message>
        <source>Only the grades CTCAE v5.0 defines for the term are offered.</source>
        <translation>仅提供 CTCAE v5.0 为该术语定义的分级。</translation>
    </message>
    <message>
        <source>Resolved (local)</source>
        <translation>缓解时间（本地）</translation>
    </message>
    <message>
        <source>Empty while ongoing</source>
        <translation>持续中时留空</translation>
    </message>
    <message>
        <source>Serious (ICH E2A)</source>
        <translation>严重（ICH E2A）</translation>
    </message>
    <message>
        <source>Related to blinatumomab</source>
        <translation>与贝林妥欧单抗的相关性</translation>
    </message>
    <message>
        <source>Action taken with blinatumomab</source>
        <translation>对贝林妥欧单抗采取的措施</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>转归</translation>
    </message>
    <message>
        <source>Infection site</source>
        <translation>感染部位</translation>
    </message>
    <message>
        <source>For infections</source>
        <translation>用于感染</translation>
    </message>
    <message>
        <source>Organism</source>
        <translation>病原体</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>给药剂次</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>给药地点</translation>
    </message>
    <message>
        <source>Given by</source>
        <translation>给药人</translation>
    </message>
    <message>
        <source>Nurse or chair time (minutes)</source>
        <translation>护士或输注椅占用时间（分钟）</translation>
    </message>
    <message>
        <source>Before the dose</source>
        <translation>给药前（对应剂次）</translation>
    </message>
    <message>
        <source>Drug</source>
        <translation>药物</translation>
    </message>
    <message>
        <source>Dose given</source>
        <translation>给药剂量</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>给药途径</translation>
    </message>
    <message>
        <source>Discharged (local)</source>
        <translation>出院时间（本地）</translation>
    </message>
    <message>
        <source>Empty while in hospital</source>
        <translation>住院期间留空</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Intensive care</source>
        <translation>重症监护</translation>
    </message>
    <message>
        <source>Adverse event it is the seriousness criterion of</source>
        <translation>以此次住院为严重性标准的不良事件</translation>
    </message>
    <message>
        <source>Only when the stay is why the event is serious (hospitalisation)</source>
        <translation>仅当此次住院是该事件判定为严重的原因时（住院）</translation>
    </message>
    <message>
        <source>New %1</source>
        <translation>新建%1</translation>
    </message>
    <message>
        <source>%1 (local, %2)</source>
        <translation>%1（本地，%2）</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Record %1</source>
        <translation>记录%1</translation>
    </message>
    <message>
        <source>%1: pick one of the sentences (a digit key picks that grade).</source>
        <translation>%1：请选择一条描述（按数字键选择对应分级）。</translation>
    </message>
    <message>
        <source>%1: no given dose to link; record the dose first.</source>
        <translation>%1：没有可关联的已给药剂次；请先记录给药。</translation>
    </message>
    <message>
        <source>%1: required.</source>
        <translation>%1：必填。</translation>
    </message>
    <message>
        <source>Type the grade&apos;s digit, or Up/Down.</source>
        <translation>输入分级数字，或使用上/下方向键。</translation>
    </message>
    <message>
        <source>site not recorded</source>
        <translation>部位未记录</translation>
    </message>
    <message>
        <source>Cycle %1 day %2</source>
        <translation>第 %1 周期第 %2 天</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>已记录</translation>
    </message>
    <message>
        <source>This input needs its own form (not available here).</source>
        <translation>此项需要单独的表单（此处不可用）。</translation>
    </message>
</context>
<context>
    <name>ToxicityView</name>
    <message>
        <source>Temperature (°C)</source>
        <translation>体温（°C）</translation>
    </message>
    <message>
        <source>Fever masked (antipyretic / tocilizumab / steroid)</source>
        <translation>发热被掩盖（退热药 / 托珠单抗 / 糖皮质激素）</translation>
    </message>
    <message>
        <source>Hypotension</source>
        <translation>低血压</translation>
    </message>
    <message>
        <source>Oxygen</source>
        <translation>氧疗</translation>
    </message>
    <message>
        <source>Signs due to another cause</source>
        <translation>体征由其他原因引起</translation>
    </message>
    <message>
        <source>Treatment given</source>
        <translation>已给予的治疗</translation>
    </message>
    <message>
        <source>Consciousness</source>
        <translation>意识水平</translation>
    </message>
    <message>
        <source>ICE items</source>
        <translation>ICE 项目</translation>
    </message>
    <message>
        <source>ICE not performed because</source>
        <translation>未进行 ICE 评估的原因</translation>
    </message>
    <message>
        <source>Seizure</source>
        <translation>癫痫发作</translation>
    </message>
    <message>
        <source>Motor findings</source>
        <translation>运动功能表现</translation>
    </message>
    <message>
        <source>Raised ICP / cerebral oedema</source>
        <translation>颅内压升高 / 脑水肿</translation>
    </message>
    <message>
        <source>ANC (×10⁹/L)</source>
        <translation>ANC（×10⁹/L）</translation>
    </message>
    <message>
        <source>ANC lower limit of normal (×10⁹/L)</source>
        <translation>ANC 正常值下限（×10⁹/L）</translation>
    </message>
    <message>
        <source>CTCAE version</source>
        <translation>CTCAE 版本</translation>
    </message>
    <message>
        <source>WBC (×10⁹/L)</source>
        <translation>白细胞 WBC（×10⁹/L）</translation>
    </message>
    <message>
        <source>Platelets (×10⁹/L)</source>
        <translation>血小板（×10⁹/L）</translation>
    </message>
    <message>
        <source>Haemoglobin (g/L)</source>
        <translation>血红蛋白（g/L）</translation>
    </message>
    <message>
        <source>CRP (mg/L)</source>
        <translation>C 反应蛋白 CRP（mg/L）</translation>
    </message>
    <message>
        <source>Ferritin (µg/L)</source>
        <translation>铁蛋白（µg/L）</translation>
    </message>
    <message>
        <source>Platelets lower limit of normal</source>
        <translation>血小板正常值下限</translation>
    </message>
    <message>
        <source>Lab source</source>
        <translation>检验实验室</translation>
    </message>
    <message>
        <source>Lymphocytes (×10⁹/L)</source>
        <translation>淋巴细胞（×10⁹/L）</translation>
    </message>
    <message>
        <source>Lymphocytes lower limit of normal</source>
        <translation>淋巴细胞正常值下限</translation>
    </message>
    <message>
        <source>WBC lower limit of normal</source>
        <translation>白细胞正常值下限</translation>
    </message>
    <message>
        <source>Haemoglobin lower limit of normal</source>
        <translation>血红蛋白正常值下限</translation>
    </message>
    <message>
        <source>ALT (the lab&apos;s unit)</source>
        <translation>丙氨酸氨基转移酶 ALT（实验室单位）</translation>
    </message>
    <message>
        <source>ALT upper limit of normal</source>
        <translation>ALT 正常值上限</translation>
    </message>
    <message>
        <source>ALT baseline (last before the first dose)</source>
        <translation>ALT 基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>AST (the lab&apos;s unit)</source>
        <translation>天门冬氨酸氨基转移酶 AST（实验室单位）</translation>
    </message>
    <message>
        <source>AST upper limit of normal</source>
        <translation>AST 正常值上限</translation>
    </message>
    <message>
        <source>AST baseline (last before the first dose)</source>
        <translation>AST 基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>Bilirubin (the lab&apos;s unit)</source>
        <translation>胆红素（实验室单位）</translation>
    </message>
    <message>
        <source>Bilirubin upper limit of normal</source>
        <translation>胆红素正常值上限</translation>
    </message>
    <message>
        <source>Bilirubin baseline (last before the first dose)</source>
        <translation>胆红素基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>Creatinine (the lab&apos;s unit)</source>
        <translation>肌酐（实验室单位）</translation>
    </message>
    <message>
        <source>Creatinine upper limit of normal</source>
        <translation>肌酐正常值上限</translation>
    </message>
    <message>
        <source>Creatinine baseline (last before the first dose)</source>
        <translation>肌酐基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>After the dose given</source>
        <translation>对应的已给药剂次</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>给药剂次</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>给药地点</translation>
    </message>
    <message>
        <source>Given by</source>
        <translation>给药人</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Before the dose</source>
        <translation>给药前（对应剂次）</translation>
    </message>
    <message>
        <source>Drug</source>
        <translation>药物</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>给药途径</translation>
    </message>
    <message>
        <source>Discharged</source>
        <translation>出院时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>ICU</source>
        <translation>ICU</translation>
    </message>
    <message>
        <source>grade %1</source>
        <translation>%1 级</translation>
    </message>
    <message>
        <source>New %1...</source>
        <translation>新建%1...</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>%1 (local)</source>
        <translation>%1（本地）</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>After dose (cycle day · given · site)</source>
        <translation>对应给药（周期日 · 给药时间 · 部位）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Adverse event</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <source>Name of the event (an “Other, specify” term)</source>
        <translation>事件名称（“Other, specify”术语）</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已缓解</translation>
    </message>
    <message>
        <source>Serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Related</source>
        <translation>相关性</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>转归</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>部位</translation>
    </message>
    <message>
        <source>Organism</source>
        <translation>病原体</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Encrypted database</source>
        <translation>已加密的数据库</translation>
    </message>
    <message>
        <source>Passphrase for {0}:</source>
        <translation>{0} 的口令：</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void %1</source>
        <translation>作废%1</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>e.g. entered in error: wrong patient</source>
        <translation>例如：录入错误：患者错误</translation>
    </message>
    <message>
        <source>I confirm this record was entered in error</source>
        <translation>我确认此记录系录入错误</translation>
    </message>
    <message>
        <source>Void record</source>
        <translation>作废记录</translation>
    </message>
    <message>
        <source>Voiding keeps the record and its history; it no longer counts anywhere.</source>
        <translation>作废后记录及其历史仍会保留，但不再计入任何统计。</translation>
    </message>
    <message>
        <source>Give a reason and tick the confirmation.</source>
        <translation>请填写原因并勾选确认。</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Doses</source>
        <translation>给药</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>提示标记</translation>
    </message>
    <message>
        <source>This view is not available yet ({0}).</source>
        <translation>此视图暂不可用（{0}）。</translation>
    </message>
    <message>
        <source>No patient selected: pick one in the list (Ctrl+F to search).</source>
        <translation>未选择患者：请在列表中选择（Ctrl+F 搜索）。</translation>
    </message>
    <message>
        <source>This patient no longer exists.</source>
        <translation>该患者已不存在。</translation>
    </message>
    <message>
        <source>no cycle started</source>
        <translation>尚未开始周期</translation>
    </message>
    <message>
        <source>cycle {0} ended</source>
        <translation>第 {0} 周期已结束</translation>
    </message>
    <message>
        <source>cycle {0} day {1}</source>
        <translation>第 {0} 周期第 {1} 天</translation>
    </message>
    <message>
        <source>not signed</source>
        <translation>未签名</translation>
    </message>
    <message>
        <source>signed by {0} at {1}</source>
        <translation>已由 {0} 于 {1} 签名</translation>
    </message>
    <message>
        <source>signature void: changed after signing - re-sign</source>
        <translation>签名已失效：签名后有更改，请重新签名</translation>
    </message>
    <message>
        <source>Cycle {0}: {1}</source>
        <translation>第 {0} 周期：{1}</translation>
    </message>
    <message>
        <source>no open episode</source>
        <translation>无进行中的事件</translation>
    </message>
    <message>
        <source>{0} episode open, peak grade {1}</source>
        <translation>{0} 事件进行中，最高 {1} 级</translation>
    </message>
</context>
<context>
    <name>accounts</name>
    <message>
        <source>Create the first administrator</source>
        <translation>创建首位管理员</translation>
    </message>
    <message>
        <source>This database has no users yet. Create its administrator, who adds the nurses, physicians and investigators. An administrator enters no clinical data and signs nothing.</source>
        <translation>此数据库尚无用户。请创建其管理员，由管理员添加护士、医生和研究者。管理员不录入临床数据，也不签署任何内容。</translation>
    </message>
    <message>
        <source>Printed name:</source>
        <translation>姓名（签名显示）：</translation>
    </message>
    <message>
        <source>User id:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password (12 characters or more):</source>
        <translation>密码（至少 12 个字符）：</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>The two passwords differ; type the same password twice.</source>
        <translation>两次输入的密码不一致；请两次输入相同的密码。</translation>
    </message>
    <message>
        <source>Sign in to ToxTrack</source>
        <translation>登录 ToxTrack</translation>
    </message>
    <message>
        <source>Every change you make names you.</source>
        <translation>您所做的每一项更改都会记录您的姓名。</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>You signed in with a one-time password: choose your own before going on.</source>
        <translation>您使用一次性密码登录：请先设置自己的密码再继续。</translation>
    </message>
    <message>
        <source>Choose a new password.</source>
        <translation>请设置新密码。</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>更改密码</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>当前密码：</translation>
    </message>
    <message>
        <source>New password (12 characters or more):</source>
        <translation>新密码（至少 12 个字符）：</translation>
    </message>
    <message>
        <source>New password again:</source>
        <translation>再次输入新密码：</translation>
    </message>
    <message>
        <source>The two new passwords differ; type the same password twice.</source>
        <translation>两次输入的新密码不一致；请两次输入相同的密码。</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>&amp;Add...</source>
        <translation>添加(&amp;A)...</translation>
    </message>
    <message>
        <source>Change &amp;role...</source>
        <translation>更改角色(&amp;R)...</translation>
    </message>
    <message>
        <source>&amp;Reset password</source>
        <translation>重置密码(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Deactivate...</source>
        <translation>停用(&amp;D)...</translation>
    </message>
    <message>
        <source> - deactivated</source>
        <translation> - 已停用</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <source>Role of {0}:</source>
        <translation>{0} 的角色：</translation>
    </message>
    <message>
        <source>changed in the Users dialog</source>
        <translation>在“用户”对话框中更改</translation>
    </message>
    <message>
        <source>One-time password</source>
        <translation>一次性密码</translation>
    </message>
    <message>
        <source>Give {0} this one-time password; it must be changed at the next sign-in:

{1}</source>
        <translation>请将此一次性密码交给 {0}；下次登录时必须更改：

{1}</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Why is {0} deactivated?</source>
        <translation>为何停用 {0}？</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>The user changes this one-time password at the first sign-in.</source>
        <translation>用户首次登录时须更改此一次性密码。</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>One-time password:</source>
        <translation>一次性密码：</translation>
    </message>
    <message>
        <source>Sign cycle {0} of {1}</source>
        <translation>电子签名：{1} 的第 {0} 周期</translation>
    </message>
    <message>
        <source>Your signature is linked to this cycle&apos;s records: any later change voids it.</source>
        <translation>您的电子签名与本周期的记录绑定：之后的任何更改都会使其失效。</translation>
    </message>
    <message>
        <source>Not signed.</source>
        <translation>未签名。</translation>
    </message>
    <message>
        <source>Now:</source>
        <translation>当前时间：</translation>
    </message>
    <message>
        <source>Meaning:</source>
        <translation>签名含义：</translation>
    </message>
    <message>
        <source>Signed by:</source>
        <translation>签名人：</translation>
    </message>
    <message>
        <source>This cycle is not saved.</source>
        <translation>本周期尚未保存。</translation>
    </message>
</context>
<context>
    <name>actions</name>
    <message>
        <source>Change database &amp;passphrase...</source>
        <translation>更改数据库口令(&amp;P)...</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Restore...</source>
        <translation>恢复(&amp;R)...</translation>
    </message>
    <message>
        <source>&amp;Encrypt database...</source>
        <translation>加密数据库(&amp;E)...</translation>
    </message>
    <message>
        <source>&amp;New patient...</source>
        <translation>新建患者(&amp;N)...</translation>
    </message>
    <message>
        <source>Load &amp;demo cohort...</source>
        <translation>载入演示队列(&amp;D)...</translation>
    </message>
    <message>
        <source>&amp;Users...</source>
        <translation>用户(&amp;U)...</translation>
    </message>
    <message>
        <source>Automatic &amp;lock time...</source>
        <translation>自动锁定时间(&amp;L)...</translation>
    </message>
    <message>
        <source>Change &amp;password...</source>
        <translation>更改密码(&amp;P)...</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Import lab results...</source>
        <translation>导入检验结果(&amp;I)...</translation>
    </message>
    <message>
        <source>E&amp;xport...</source>
        <translation>导出(&amp;X)...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Find patient</source>
        <translation>查找患者(&amp;F)</translation>
    </message>
    <message>
        <source>Record &amp;dose...</source>
        <translation>记录给药(&amp;D)...</translation>
    </message>
    <message>
        <source>New &amp;CRS assessment...</source>
        <translation>新建 CRS 评估(&amp;C)...</translation>
    </message>
    <message>
        <source>New &amp;ICANS assessment...</source>
        <translation>新建 ICANS 评估(&amp;I)...</translation>
    </message>
    <message>
        <source>New &amp;lab result...</source>
        <translation>新建检验结果(&amp;L)...</translation>
    </message>
    <message>
        <source>&amp;Sign cycle...</source>
        <translation>签署周期(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>今日(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Patient</source>
        <translation>患者(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Cohort dashboard</source>
        <translation>队列仪表板(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;About ToxTrack</source>
        <translation>关于 ToxTrack(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Database in use</source>
        <translation>数据库正在使用中</translation>
    </message>
    <message>
        <source>Open it read-only? You can look at everything but save nothing.</source>
        <translation>以只读方式打开？您可以查看所有内容，但无法保存。</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Checking the database file…</source>
        <translation>正在检查数据库文件…</translation>
    </message>
</context>
<context>
    <name>demo_cohort</name>
    <message>
        <source>Load demo cohort?</source>
        <translation>载入演示队列？</translation>
    </message>
    <message>
        <source>Load {0} synthetic patients to try ToxTrack? They are invented and marked as demo data; use a separate database file for real patients.</source>
        <translation>载入 {0} 例合成患者以试用 ToxTrack？这些患者均为虚构，并标记为演示数据；真实患者请使用单独的数据库文件。</translation>
    </message>
    <message>
        <source>load demo cohort</source>
        <translation>载入演示队列</translation>
    </message>
    <message>
        <source>Generating the demo cohort…</source>
        <translation>正在生成演示队列…</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
</context>
<context>
    <name>dialog_open</name>
    <message>
        <source>Not available</source>
        <translation>不可用</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Check the value</source>
        <translation>请核对数值</translation>
    </message>
    <message>
        <source>Correct the field and save again; nothing was saved.</source>
        <translation>请更正该字段后重新保存；未保存任何内容。</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>This window is read-only. Close the other ToxTrack window that has the file open, then reopen it.</source>
        <translation>此窗口为只读。请关闭已打开该文件的另一个 ToxTrack 窗口，然后重新打开。</translation>
    </message>
    <message>
        <source>Database in use</source>
        <translation>数据库正在使用中</translation>
    </message>
    <message>
        <source>Another ToxTrack window is writing to this file. Close it or open this one read-only.</source>
        <translation>另一个 ToxTrack 窗口正在写入此文件。请将其关闭，或以只读方式打开本窗口。</translation>
    </message>
    <message>
        <source>Database busy</source>
        <translation>数据库忙</translation>
    </message>
    <message>
        <source>Another program is holding the file. Wait a moment and try again.</source>
        <translation>另一个程序正在占用该文件。请稍候再试。</translation>
    </message>
    <message>
        <source>Disk full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>Free some disk space, then save again; nothing was saved.</source>
        <translation>请释放一些磁盘空间后重新保存；未保存任何内容。</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>The record no longer exists. Press F5 to refresh.</source>
        <translation>该记录已不存在。请按 F5 刷新。</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Choose another file or restore a backup.</source>
        <translation>请选择其他文件或恢复备份。</translation>
    </message>
    <message>
        <source>Could not complete the action</source>
        <translation>无法完成该操作</translation>
    </message>
    <message>
        <source>Check the input and try again.</source>
        <translation>请检查输入后重试。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>ToxTrack hit an unexpected error: {0}</source>
        <translation>ToxTrack 遇到意外错误：{0}</translation>
    </message>
    <message>
        <source>Saved records are safe. The details were written to {0}; please send that file to your ToxTrack support contact.</source>
        <translation>已保存的记录是安全的。详细信息已写入 {0}；请将该文件发送给您的 ToxTrack 技术支持人员。</translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <source>Adverse event</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <source>Clinician decision</source>
        <translation>临床医生决定</translation>
    </message>
    <message>
        <source>Patient did not attend</source>
        <translation>患者未到诊</translation>
    </message>
    <message>
        <source>Patient declined</source>
        <translation>患者拒绝</translation>
    </message>
    <message>
        <source>Drug unavailable</source>
        <translation>药物短缺</translation>
    </message>
    <message>
        <source>Hospitalised</source>
        <translation>已住院</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Abdomen, left</source>
        <translation>腹部，左侧</translation>
    </message>
    <message>
        <source>Abdomen, right</source>
        <translation>腹部，右侧</translation>
    </message>
    <message>
        <source>Thigh, left</source>
        <translation>大腿，左侧</translation>
    </message>
    <message>
        <source>Thigh, right</source>
        <translation>大腿，右侧</translation>
    </message>
    <message>
        <source>Upper arm, left</source>
        <translation>上臂，左侧</translation>
    </message>
    <message>
        <source>Upper arm, right</source>
        <translation>上臂，右侧</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>已给药</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>漏用</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Hypotension not needing vasopressors (fluids)</source>
        <translation>低血压，无需血管活性药物（补液）</translation>
    </message>
    <message>
        <source>One vasopressor (with or without vasopressin)</source>
        <translation>需一种血管活性药物（联用或不联用血管加压素）</translation>
    </message>
    <message>
        <source>Multiple vasopressors (excluding vasopressin)</source>
        <translation>需多种血管活性药物（不包括血管加压素）</translation>
    </message>
    <message>
        <source>Low-flow nasal cannula (≤ 6 L/min) or blow-by</source>
        <translation>低流量鼻导管（≤ 6 L/min）或吹氧（blow-by）</translation>
    </message>
    <message>
        <source>High-flow cannula (&gt; 6 L/min), facemask, non-rebreather or Venturi</source>
        <translation>高流量鼻导管（&gt; 6 L/min）、面罩、非重复呼吸面罩或文丘里面罩</translation>
    </message>
    <message>
        <source>Positive pressure (CPAP, BiPAP, intubation)</source>
        <translation>正压通气（CPAP、BiPAP、气管插管）</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>清醒</translation>
    </message>
    <message>
        <source>Awakens spontaneously</source>
        <translation>可自发唤醒</translation>
    </message>
    <message>
        <source>Awakens to voice</source>
        <translation>声音刺激可唤醒</translation>
    </message>
    <message>
        <source>Awakens only to tactile stimulus</source>
        <translation>仅触觉刺激可唤醒</translation>
    </message>
    <message>
        <source>Unarousable, or needs vigorous or repetitive stimuli; stupor or coma</source>
        <translation>无法唤醒，或需强烈或反复刺激才能唤醒；木僵或昏迷</translation>
    </message>
    <message>
        <source>Clinical seizure resolving rapidly, or EEG seizures resolving with treatment</source>
        <translation>临床癫痫发作迅速缓解，或脑电图（EEG）癫痫发作经治疗后缓解</translation>
    </message>
    <message>
        <source>Life-threatening prolonged seizure (&gt; 5 min) or repetitive seizures</source>
        <translation>危及生命的持续癫痫发作（&gt; 5 分钟）或反复发作</translation>
    </message>
    <message>
        <source>Deep focal motor weakness (hemiparesis, paraparesis)</source>
        <translation>严重局灶性运动无力（偏瘫、截瘫）</translation>
    </message>
    <message>
        <source>Focal or local oedema on imaging</source>
        <translation>影像学显示局灶性或局部水肿</translation>
    </message>
    <message>
        <source>Diffuse oedema, posturing, CN VI palsy, papilloedema or Cushing&apos;s triad</source>
        <translation>弥漫性脑水肿、去大脑或去皮质强直、第 VI 对脑神经麻痹、视乳头水肿或库欣三联征</translation>
    </message>
    <message>
        <source>Not assessed</source>
        <translation>未评估</translation>
    </message>
    <message>
        <source>Grade %1 (%2)</source>
        <translation>%1 级（%2）</translation>
    </message>
    <message>
        <source>Grade %1</source>
        <translation>%1 级</translation>
    </message>
    <message>
        <source>cycle %1 day %2</source>
        <translation>第 %1 周期第 %2 天</translation>
    </message>
    <message>
        <source>CTCAE v5.0</source>
        <translation>CTCAE v5.0</translation>
    </message>
    <message>
        <source>CTCAE v6.0</source>
        <translation>CTCAE v6.0</translation>
    </message>
    <message>
        <source>None: not present, or resolved</source>
        <translation>无：不存在或已缓解</translation>
    </message>
    <message>
        <source>Grade 1: Tenderness with or without associated symptoms (e.g., warmth, erythema, itching)</source>
        <translation>Grade 1: Tenderness with or without associated symptoms (e.g., warmth, erythema, itching)</translation>
    </message>
    <message>
        <source>Grade 2: Pain; lipodystrophy; edema; phlebitis</source>
        <translation>Grade 2: Pain; lipodystrophy; edema; phlebitis</translation>
    </message>
    <message>
        <source>Grade 3: Ulceration or necrosis; severe tissue damage; operative intervention indicated</source>
        <translation>Grade 3: Ulceration or necrosis; severe tissue damage; operative intervention indicated</translation>
    </message>
    <message>
        <source>Grade 4: Life-threatening consequences; urgent intervention indicated</source>
        <translation>Grade 4: Life-threatening consequences; urgent intervention indicated</translation>
    </message>
    <message>
        <source>Grade 5: Death</source>
        <translation>Grade 5: Death</translation>
    </message>
    <message>
        <source>Results in death</source>
        <translation>导致死亡</translation>
    </message>
    <message>
        <source>Life-threatening</source>
        <translation>危及生命</translation>
    </message>
    <message>
        <source>Hospitalisation or its prolongation</source>
        <translation>导致住院或住院时间延长</translation>
    </message>
    <message>
        <source>Persistent or significant disability or incapacity</source>
        <translation>导致持续或显著的残疾或功能丧失</translation>
    </message>
    <message>
        <source>Congenital anomaly or birth defect</source>
        <translation>先天性异常或出生缺陷</translation>
    </message>
    <message>
        <source>Other important medical event</source>
        <translation>其他重要医学事件</translation>
    </message>
    <message>
        <source>Not related</source>
        <translation>无关</translation>
    </message>
    <message>
        <source>Unlikely related</source>
        <translation>可能无关</translation>
    </message>
    <message>
        <source>Possibly related</source>
        <translation>可能相关</translation>
    </message>
    <message>
        <source>Probably related</source>
        <translation>很可能相关</translation>
    </message>
    <message>
        <source>Definitely related</source>
        <translation>肯定相关</translation>
    </message>
    <message>
        <source>Dose not changed</source>
        <translation>剂量未改变</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>停药</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Recovered</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>Recovering</source>
        <translation>恢复中</translation>
    </message>
    <message>
        <source>Not recovered</source>
        <translation>未恢复</translation>
    </message>
    <message>
        <source>Recovered with sequelae</source>
        <translation>已恢复但有后遗症</translation>
    </message>
    <message>
        <source>Fatal</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Inpatient ward</source>
        <translation>住院病房</translation>
    </message>
    <message>
        <source>Day unit</source>
        <translation>日间病房</translation>
    </message>
    <message>
        <source>Outpatient clinic</source>
        <translation>门诊</translation>
    </message>
    <message>
        <source>Home, by a community nurse</source>
        <translation>居家（社区护士给药）</translation>
    </message>
    <message>
        <source>Home, self-administered</source>
        <translation>居家（自行给药）</translation>
    </message>
    <message>
        <source>mg</source>
        <translation>mg</translation>
    </message>
    <message>
        <source>µg</source>
        <translation>µg</translation>
    </message>
    <message>
        <source>g</source>
        <translation>g</translation>
    </message>
    <message>
        <source>mL</source>
        <translation>mL</translation>
    </message>
    <message>
        <source>units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Oral</source>
        <translation>口服</translation>
    </message>
    <message>
        <source>Intravenous</source>
        <translation>静脉注射</translation>
    </message>
    <message>
        <source>Subcutaneous</source>
        <translation>皮下注射</translation>
    </message>
    <message>
        <source>Intramuscular</source>
        <translation>肌内注射</translation>
    </message>
    <message>
        <source>Planned lead-in monitoring</source>
        <translation>计划的导入期监测</translation>
    </message>
    <message>
        <source>CRS</source>
        <translation>CRS</translation>
    </message>
    <message>
        <source>ICANS</source>
        <translation>ICANS</translation>
    </message>
    <message>
        <source>Infection</source>
        <translation>感染</translation>
    </message>
</context>
<context>
    <name>lock</name>
    <message>
        <source>ToxTrack is locked</source>
        <translation>ToxTrack 已锁定</translation>
    </message>
    <message>
        <source>Locked after inactivity. {0}: type your password to unlock.</source>
        <translation>因长时间无操作已锁定。{0}：请输入密码以解锁。</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Switch user...</source>
        <translation>切换用户(&amp;S)...</translation>
    </message>
    <message>
        <source>ToxTrack — locked</source>
        <translation>ToxTrack — 已锁定</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <source>{0} open form(s) of the signed-in user have not been saved. Switching user closes them without saving. Switch user anyway?</source>
        <translation>当前登录用户有 {0} 个打开的表单尚未保存。切换用户将关闭这些表单且不保存。仍要切换用户吗？</translation>
    </message>
    <message>
        <source>Automatic lock time</source>
        <translation>自动锁定时间</translation>
    </message>
    <message>
        <source>After this many minutes without keyboard or mouse input, every ToxTrack window on this database locks and shows no patient data. From {0} to {1} minutes (default {2}); the change is audited.</source>
        <translation>键盘和鼠标无操作达到此分钟数后，打开此数据库的所有 ToxTrack 窗口都会锁定，且不显示任何患者数据。范围为 {0} 至 {1} 分钟（默认 {2} 分钟）；此项更改会记入审计追踪。</translation>
    </message>
    <message>
        <source>Lock after (minutes):</source>
        <translation>锁定前等待（分钟）：</translation>
    </message>
    <message>
        <source>Reason (optional):</source>
        <translation>原因（可选）：</translation>
    </message>
    <message>
        <source>The lock time is a whole number of minutes from {0} to {1}; “{2}” was not saved.</source>
        <translation>锁定时间须为 {0} 至 {1} 之间的整数分钟；“{2}”未保存。</translation>
    </message>
</context>
<context>
    <name>pdf_export</name>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Making %1...</source>
        <translation>正在生成 %1...</translation>
    </message>
    <message>
        <source>The PDF was not made: %1</source>
        <translation>未能生成 PDF：%1</translation>
    </message>
</context>
<context>
    <name>toxicities</name>
    <message>
        <source>CRS</source>
        <translation>CRS</translation>
    </message>
    <message>
        <source>ICANS</source>
        <translation>ICANS</translation>
    </message>
    <message>
        <source>Labs</source>
        <translation>检验</translation>
    </message>
    <message>
        <source>CRS assessment</source>
        <translation>CRS 评估</translation>
    </message>
    <message>
        <source>ICANS assessment</source>
        <translation>ICANS 评估</translation>
    </message>
    <message>
        <source>Neutropenia</source>
        <translation>Neutropenia</translation>
    </message>
    <message>
        <source>lab result</source>
        <translation>检验结果</translation>
    </message>
    <message>
        <source>Neutr.</source>
        <translation>Neutr.</translation>
    </message>
    <message>
        <source>Platelet count decreased</source>
        <translation>Platelet count decreased</translation>
    </message>
    <message>
        <source>platelet count</source>
        <translation>血小板计数</translation>
    </message>
    <message>
        <source>Lymphocyte count decreased</source>
        <translation>Lymphocyte count decreased</translation>
    </message>
    <message>
        <source>lymphocyte count</source>
        <translation>淋巴细胞计数</translation>
    </message>
    <message>
        <source>White blood cell decreased</source>
        <translation>White blood cell decreased</translation>
    </message>
    <message>
        <source>WBC count</source>
        <translation>白细胞计数</translation>
    </message>
    <message>
        <source>Anaemia</source>
        <translation>Anaemia</translation>
    </message>
    <message>
        <source>haemoglobin result</source>
        <translation>血红蛋白结果</translation>
    </message>
    <message>
        <source>ALT increased</source>
        <translation>ALT increased</translation>
    </message>
    <message>
        <source>ALT result</source>
        <translation>ALT 结果</translation>
    </message>
    <message>
        <source>AST increased</source>
        <translation>AST increased</translation>
    </message>
    <message>
        <source>AST result</source>
        <translation>AST 结果</translation>
    </message>
    <message>
        <source>Bilirubin increased</source>
        <translation>Bilirubin increased</translation>
    </message>
    <message>
        <source>bilirubin result</source>
        <translation>胆红素结果</translation>
    </message>
    <message>
        <source>Creatinine increased</source>
        <translation>Creatinine increased</translation>
    </message>
    <message>
        <source>creatinine result</source>
        <translation>肌酐结果</translation>
    </message>
    <message>
        <source>Injection site reaction</source>
        <translation>Injection site reaction</translation>
    </message>
    <message>
        <source>injection site reaction</source>
        <translation>注射部位反应</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>体温</translation>
    </message>
    <message>
        <source>temperature reading</source>
        <translation>体温读数</translation>
    </message>
    <message>
        <source>Adverse event</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <source>adverse event</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <source>Onset</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>给药实施</translation>
    </message>
    <message>
        <source>dose delivery</source>
        <translation>给药实施</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>给药时间</translation>
    </message>
    <message>
        <source>Premedication</source>
        <translation>预处理用药</translation>
    </message>
    <message>
        <source>premedication</source>
        <translation>预处理用药</translation>
    </message>
    <message>
        <source>Hospital stays</source>
        <translation>住院</translation>
    </message>
    <message>
        <source>hospital stay</source>
        <translation>住院</translation>
    </message>
    <message>
        <source>Admitted</source>
        <translation>入院时间</translation>
    </message>
</context>
<context>
    <name>translation</name>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>ToxTrack will be shown in {0} the next time it starts. Nothing you have entered is lost: finish what you are doing and restart when convenient.</source>
        <translation>ToxTrack 下次启动时将以{0}显示。您输入的内容不会丢失：请完成当前工作，在方便时重新启动。</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Change database passphrase</source>
        <translation>更改数据库口令</translation>
    </message>
    <message>
        <source>Sign in as an administrator first.</source>
        <translation>请先以管理员身份登录。</translation>
    </message>
    <message>
        <source>This database is not encrypted; use File &gt; Encrypt database... first.</source>
        <translation>此数据库未加密；请先使用“文件 > 加密数据库...”。</translation>
    </message>
    <message>
        <source>The passphrase was changed; every record and the audit chain were verified. Older backups keep the passphrase they were made with.</source>
        <translation>口令已更改；每条记录和审计链均已验证。较早的备份仍使用其创建时的口令。</translation>
    </message>
    <message>
        <source>Encrypt database</source>
        <translation>加密数据库</translation>
    </message>
    <message>
        <source>This database is encrypted.</source>
        <translation>此数据库已加密。</translation>
    </message>
    <message>
        <source>The database is now encrypted; every record and the audit chain were verified.</source>
        <translation>数据库现已加密；所有记录及审计链均已通过验证。</translation>
    </message>
    <message>
        <source>WARNING: the unencrypted original was kept at {0}; delete it.</source>
        <translation>警告：未加密的原文件保留在 {0}；请将其删除。</translation>
    </message>
</context>
<context>
    <name>wording</name>
    <message>
        <source>SYNTHETIC DEMO DATA - not patient records</source>
        <translation>合成演示数据 - 非患者记录</translation>
    </message>
    <message>
        <source>patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>cycle</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>dose</source>
        <translation>给药</translation>
    </message>
    <message>
        <source>CRS assessment</source>
        <translation>CRS 评估</translation>
    </message>
    <message>
        <source>ICANS assessment</source>
        <translation>ICANS 评估</translation>
    </message>
    <message>
        <source>lab result</source>
        <translation>检验结果</translation>
    </message>
    <message>
        <source>platelet count</source>
        <translation>血小板计数</translation>
    </message>
    <message>
        <source>lymphocyte count</source>
        <translation>淋巴细胞计数</translation>
    </message>
    <message>
        <source>WBC count</source>
        <translation>白细胞计数</translation>
    </message>
    <message>
        <source>haemoglobin result</source>
        <translation>血红蛋白结果</translation>
    </message>
    <message>
        <source>ALT result</source>
        <translation>ALT 结果</translation>
    </message>
    <message>
        <source>AST result</source>
        <translation>AST 结果</translation>
    </message>
    <message>
        <source>bilirubin result</source>
        <translation>胆红素结果</translation>
    </message>
    <message>
        <source>creatinine result</source>
        <translation>肌酐结果</translation>
    </message>
    <message>
        <source>injection site reaction</source>
        <translation>注射部位反应</translation>
    </message>
    <message>
        <source>temperature reading</source>
        <translation>体温读数</translation>
    </message>
    <message>
        <source>adverse event</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <source>dose delivery</source>
        <translation>给药实施</translation>
    </message>
    <message>
        <source>premedication</source>
        <translation>预处理用药</translation>
    </message>
    <message>
        <source>hospital stay</source>
        <translation>住院</translation>
    </message>
    <message>
        <source>Temperature (°C)</source>
        <translation>体温（°C）</translation>
    </message>
    <message>
        <source>Fever masked (antipyretic / tocilizumab / steroid)</source>
        <translation>发热被掩盖（退热药 / 托珠单抗 / 糖皮质激素）</translation>
    </message>
    <message>
        <source>Hypotension</source>
        <translation>低血压</translation>
    </message>
    <message>
        <source>Oxygen</source>
        <translation>氧疗</translation>
    </message>
    <message>
        <source>Signs due to another cause</source>
        <translation>体征由其他原因引起</translation>
    </message>
    <message>
        <source>Treatment given</source>
        <translation>已给予的治疗</translation>
    </message>
    <message>
        <source>Consciousness</source>
        <translation>意识水平</translation>
    </message>
    <message>
        <source>ICE items</source>
        <translation>ICE 项目</translation>
    </message>
    <message>
        <source>ICE not performed because</source>
        <translation>未进行 ICE 评估的原因</translation>
    </message>
    <message>
        <source>Seizure</source>
        <translation>癫痫发作</translation>
    </message>
    <message>
        <source>Motor findings</source>
        <translation>运动功能表现</translation>
    </message>
    <message>
        <source>Raised ICP / cerebral oedema</source>
        <translation>颅内压升高 / 脑水肿</translation>
    </message>
    <message>
        <source>ANC (×10⁹/L)</source>
        <translation>ANC（×10⁹/L）</translation>
    </message>
    <message>
        <source>ANC lower limit of normal (×10⁹/L)</source>
        <translation>ANC 正常值下限（×10⁹/L）</translation>
    </message>
    <message>
        <source>CTCAE version</source>
        <translation>CTCAE 版本</translation>
    </message>
    <message>
        <source>WBC (×10⁹/L)</source>
        <translation>白细胞 WBC（×10⁹/L）</translation>
    </message>
    <message>
        <source>Platelets (×10⁹/L)</source>
        <translation>血小板（×10⁹/L）</translation>
    </message>
    <message>
        <source>Haemoglobin (g/L)</source>
        <translation>血红蛋白（g/L）</translation>
    </message>
    <message>
        <source>CRP (mg/L)</source>
        <translation>C 反应蛋白 CRP（mg/L）</translation>
    </message>
    <message>
        <source>Ferritin (µg/L)</source>
        <translation>铁蛋白（µg/L）</translation>
    </message>
    <message>
        <source>Platelets lower limit of normal</source>
        <translation>血小板正常值下限</translation>
    </message>
    <message>
        <source>Lab source</source>
        <translation>检验实验室</translation>
    </message>
    <message>
        <source>Lymphocytes (×10⁹/L)</source>
        <translation>淋巴细胞（×10⁹/L）</translation>
    </message>
    <message>
        <source>Lymphocytes lower limit of normal</source>
        <translation>淋巴细胞正常值下限</translation>
    </message>
    <message>
        <source>WBC lower limit of normal</source>
        <translation>白细胞正常值下限</translation>
    </message>
    <message>
        <source>Haemoglobin lower limit of normal</source>
        <translation>血红蛋白正常值下限</translation>
    </message>
    <message>
        <source>ALT (the lab&apos;s unit)</source>
        <translation>丙氨酸氨基转移酶 ALT（实验室单位）</translation>
    </message>
    <message>
        <source>ALT upper limit of normal</source>
        <translation>ALT 正常值上限</translation>
    </message>
    <message>
        <source>ALT baseline (last before the first dose)</source>
        <translation>ALT 基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>AST (the lab&apos;s unit)</source>
        <translation>天门冬氨酸氨基转移酶 AST（实验室单位）</translation>
    </message>
    <message>
        <source>AST upper limit of normal</source>
        <translation>AST 正常值上限</translation>
    </message>
    <message>
        <source>AST baseline (last before the first dose)</source>
        <translation>AST 基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>Bilirubin (the lab&apos;s unit)</source>
        <translation>胆红素（实验室单位）</translation>
    </message>
    <message>
        <source>Bilirubin upper limit of normal</source>
        <translation>胆红素正常值上限</translation>
    </message>
    <message>
        <source>Bilirubin baseline (last before the first dose)</source>
        <translation>胆红素基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>Creatinine (the lab&apos;s unit)</source>
        <translation>肌酐（实验室单位）</translation>
    </message>
    <message>
        <source>Creatinine upper limit of normal</source>
        <translation>肌酐正常值上限</translation>
    </message>
    <message>
        <source>Creatinine baseline (last before the first dose)</source>
        <translation>肌酐基线（首次给药前最后一次）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>CTCAE v5.0 term</source>
        <translation>CTCAE v5.0 术语</translation>
    </message>
    <message>
        <source>Name of the event (an “Other, specify” term)</source>
        <translation>事件名称（“Other, specify”术语）</translation>
    </message>
    <message>
        <source>Resolved (local)</source>
        <translation>缓解时间（本地）</translation>
    </message>
    <message>
        <source>Serious (ICH E2A)</source>
        <translation>严重（ICH E2A）</translation>
    </message>
    <message>
        <source>Related to blinatumomab</source>
        <translation>与贝林妥欧单抗的相关性</translation>
    </message>
    <message>
        <source>Action taken with blinatumomab</source>
        <translation>对贝林妥欧单抗采取的措施</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>转归</translation>
    </message>
    <message>
        <source>Infection site</source>
        <translation>感染部位</translation>
    </message>
    <message>
        <source>Organism</source>
        <translation>病原体</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>给药地点</translation>
    </message>
    <message>
        <source>Given by</source>
        <translation>给药人</translation>
    </message>
    <message>
        <source>Nurse or chair time (minutes)</source>
        <translation>护士或输注椅占用时间（分钟）</translation>
    </message>
    <message>
        <source>Drug</source>
        <translation>药物</translation>
    </message>
    <message>
        <source>Dose given</source>
        <translation>给药剂量</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>给药途径</translation>
    </message>
    <message>
        <source>Discharged (local)</source>
        <translation>出院时间（本地）</translation>
    </message>
    <message>
        <source>Intensive care</source>
        <translation>重症监护</translation>
    </message>
    <message>
        <source>Adverse event it is the seriousness criterion of</source>
        <translation>以此次住院为严重性标准的不良事件</translation>
    </message>
    <message>
        <source>Subject id</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>Protocol check: reason</source>
        <translation>方案核查：原因</translation>
    </message>
    <message>
        <source>Regimen</source>
        <translation>给药方案</translation>
    </message>
    <message>
        <source>Enrolment date</source>
        <translation>入组日期</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Birth year</source>
        <translation>出生年份</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>病历号（MRN）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Status reason</source>
        <translation>状态原因</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <source>Start date (cycle day 1)</source>
        <translation>开始日期（周期第 1 天）</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Cycle number</source>
        <translation>周期编号</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Cycle day</source>
        <translation>周期日</translation>
    </message>
    <message>
        <source>Planned date</source>
        <translation>计划日期</translation>
    </message>
    <message>
        <source>Planned amount (µg)</source>
        <translation>计划剂量（µg）</translation>
    </message>
    <message>
        <source>Time (local)</source>
        <translation>时间（本地）</translation>
    </message>
    <message>
        <source>Amount given (µg)</source>
        <translation>给药剂量（µg）</translation>
    </message>
    <message>
        <source>Injection site</source>
        <translation>注射部位</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Premedication</source>
        <translation>预处理用药</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Grading scale</source>
        <translation>分级标准</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Override grade</source>
        <translation>修改后的分级</translation>
    </message>
    <message>
        <source>Override reason</source>
        <translation>修改原因</translation>
    </message>
    <message>
        <source>Drawn at (local)</source>
        <translation>采血时间（本地）</translation>
    </message>
    <message>
        <source>Voided (entered in error)</source>
        <translation>已作废（录入错误）</translation>
    </message>
    <message>
        <source>Reason voided</source>
        <translation>作废原因</translation>
    </message>
    <message>
        <source>Record number</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <source>Kind of record</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>After the dose given</source>
        <translation>对应的已给药剂次</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入项</translation>
    </message>
    <message>
        <source>Fields changed</source>
        <translation>更改的字段</translation>
    </message>
</context>
</TS>
