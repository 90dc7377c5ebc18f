# Sample table of the seed config: default:test_employee01_2021_06_17, family info, values as UTF-8 text.
table = 'test_employee01_2021_06_17'
create table, 'info' unless list.include?(table)
rows = [
  ['1', '王伟', '男', '8000'],
  ['2', '李娜', '女', '9500'],
  ['3', '张敏', '女', '12000'],
  ['4', '刘强', '男', '7600'],
  ['5', 'Chen Jing', '女', '15000']
]
rows.each do |id, name, sex, salary|
  put table, id, 'info:name', name
  put table, id, 'info:sex', sex
  put table, id, 'info:salary', salary
end
puts "seeded #{rows.size} rows into #{table}"
exit
