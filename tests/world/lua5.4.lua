-- Exercises the parts of Lua a program leans on: strings, tables, math,
-- closures, coroutines, error handling, os and io. Prints only what is the
-- same on every system.

local function section(name) print(("== %s"):format(name)) end

section("strings")
local s = "The quick brown fox jumps over the lazy dog"
print(#s, s:upper(), s:sub(5, 9), s:rep(2, "|"):len())
print(s:find("fox"), s:match("(%a+) dog"), (s:gsub("o", "0")))
for word in s:gmatch("%a+") do io.write(word:reverse(), " ") end
print()
print(("%d %5.1f %-6s| %q %x %g"):format(42, 3.14159, "left", "a\nb", 255, 1e100))
print(string.byte("ABC", 1, -1), string.char(72, 105), utf8.char(955, 8364), utf8.len("λ€"))
print(string.pack(">I4", 0x01020304):byte(1, -1))

section("tables")
local t = {}
for i = 1, 20 do t[i] = (i * 7919) % 101 end
table.sort(t)
print(table.concat(t, ","))
table.sort(t, function(a, b) return a > b end)
print(t[1], t[#t], #t, select("#", table.unpack(t)))
table.insert(t, 1, -1); table.remove(t); print(t[1], #t, table.concat(table.move(t, 1, 3, 1, {}), " "))
local counts = setmetatable({}, { __index = function() return 0 end })
for c in ("mississippi"):gmatch(".") do counts[c] = counts[c] + 1 end
local keys = {}
for k in pairs(counts) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", counts[k], " ") end
print()

section("math")
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
print(7 // 2, 7 % -3, -7 // 2, 7 / 2, 2 ^ 10, 1 << 62, 0xff ~ 0x0f)
print(math.floor(-3.5), math.ceil(-3.5), math.abs(-2), math.fmod(7, 3), math.tointeger(3.0))
print(("%.10f %.10f %.10f"):format(math.sin(1), math.log(10), math.sqrt(2)))
print(math.type(1), math.type(1.0), math.type("1"), 10 == 10.0, "10" + 1)
math.randomseed(42)
local r = math.random(1, 100)
print(r >= 1 and r <= 100)

section("closures")
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
c1(); c1()
print(c1(), c2())
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(25))
local memo = {}
local function ways(n) if n <= 1 then return 1 end
  if not memo[n] then memo[n] = ways(n - 1) + ways(n - 2) end return memo[n] end
print(ways(80))

section("coroutines")
local producer = coroutine.create(function(limit)
  for i = 1, limit do coroutine.yield(i * i) end
  return "done"
end)
local results = {}
while true do
  local ok, v = coroutine.resume(producer, 5)
  results[#results + 1] = tostring(v)
  if coroutine.status(producer) == "dead" then break end
end
print(table.concat(results, " "), coroutine.status(producer))
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
print(gen(), gen(), gen(), coroutine.isyieldable())

section("errors")
print(pcall(function() error("boom", 0) end))
print(pcall(function() error({ code = 42 }) end) == false)
print(select(2, xpcall(function() local x = nil; return x.y end, function(m) return "handled: " .. m end)))
local ok, err = pcall(string.rep)
print(ok, err)

section("garbage collection")
local weak = setmetatable({}, { __mode = "k" })
weak[{}] = true
collectgarbage()
print(next(weak) == nil, collectgarbage("count") > 0)
local big = {}
for i = 1, 100000 do big[i] = { i } end
big = nil
collectgarbage()
print(collectgarbage("count") < 4096)

section("os and io")
local now = os.time()
print(math.type(now), now > 1600000000, os.time({ year = 2000, month = 1, day = 1, hour = 0 }) ~= nil)
print(os.date("!%Y-%m-%d %H:%M:%S", 86400 * 365), os.date("!*t", 0).year)
print(os.difftime(now + 60, now), type(os.clock()), os.getenv("NO_SUCH_VARIABLE"))
io.write("written with io.write\n")
io.stdout:write(string.format("%s %s\n", io.type(io.stdout), io.type(42)))
print(tostring(nil), tostring(true), tonumber("0x10"), tonumber("z", 36), tonumber("1e2"))
