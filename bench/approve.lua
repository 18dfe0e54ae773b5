-- wrk script: each connection approves its own share of the bench's submitted projects.
-- Arguments: the file of project ids (one a line), the bearer token, the thread count.
-- The connections of a thread share its ids (and its Lua state).
local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("index", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  local file, token, count = args[1], args[2], tonumber(args[3])
  mine = {}
  local n = 0
  for line in io.lines(file) do
    if n % count == index then
      table.insert(mine, line)
    end
    n = n + 1
  end
  position = 0
  headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
end

function request()
  position = position + 1
  local id = mine[position]
  if id == nil then
    -- All offered: the bench counts approvals in the database and says so.
    return wrk.format("GET", "/healthz")
  end
  return wrk.format("POST", "/api/v1/projects/" .. id .. "/transitions/approve", headers, "{}")
end
